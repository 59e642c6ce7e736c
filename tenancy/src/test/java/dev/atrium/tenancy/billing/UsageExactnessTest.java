package dev.atrium.tenancy.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.db.TestPostgres;
import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.tenant.TenantChange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reservations held across hour and day boundaries, metered per second: hours split exactly, add up
 * to their day, and rows of sealed periods come out byte for byte the same later, also from a
 * restarted application.
 */
class UsageExactnessTest extends TenancyTestBase {

  @Autowired TestClock clock;
  @Autowired UsageMeter meter;
  @Autowired UsageService usage;
  @Autowired QuotaService quotas;
  @Autowired RowScope scope;
  @Autowired TransactionTemplate tx;

  /** Midnight UTC of a day after anything sealed so far (every test meters its own future day). */
  Instant day;

  @BeforeEach
  void aFreshDay() {
    Instant sealed = meter.metered().finalUntil();
    Instant latest = sealed.isAfter(Instant.now()) ? sealed : Instant.now();
    day = latest.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
  }

  @AfterEach
  void systemClock() {
    clock.reset();
  }

  @Test
  void intervalsAcrossHourAndDayBoundariesSplitExactlyAndHoursAddUpToDays() {
    at("22:30:15");
    String slug = newTenant("ida"); // quota 1000 mCPU, 1024 MiB, 0 GPUs from 22:30:15
    UUID tenant = tenants.get(ADA, slug).tenant().id();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    held(tenant, first, new Quota(500, 256, 0, 0));
    at("23:59:50");
    held(tenant, second, new Quota(250, 128, 1, 0));
    at("1d 00:10:00");
    meter.roll();
    at("1d 01:00:05");
    released(first);
    at("1d 01:30:00");
    released(second);
    released(first); // again, as a recovering reconciler might: nothing more is metered
    at("1d 02:00:30");
    assertThat(meter.roll().sealedUntil()).isEqualTo(time("1d 02:00:00"));

    Map<String, UsageRow> days = byPeriodAndResource(rows(slug, Granularity.DAY));
    long firstToday = 5385; // 22:30:15 .. 24:00:00
    long firstTomorrow = 3605; // 00:00:00 .. 01:00:05
    long secondToday = 10; // 23:59:50 .. 24:00:00
    long secondTomorrow = 5400; // 00:00:00 .. 01:30:00
    assertThat(days.get("0d cpu").quantity()).isEqualTo(500 * firstToday + 250 * secondToday);
    assertThat(days.get("0d memory").quantity()).isEqualTo(256 * firstToday + 128 * secondToday);
    assertThat(days.get("0d gpu").quantity()).isEqualTo(secondToday);
    assertThat(days.get("1d cpu").quantity()).isEqualTo(500 * firstTomorrow + 250 * secondTomorrow);
    assertThat(days.get("1d gpu").quantity()).isEqualTo(secondTomorrow);
    assertThat(days.get("0d cpu").quotaLimit()).isEqualTo(1000 * firstToday);
    assertThat(days.get("1d memory").quotaLimit()).isEqualTo(1024L * 7230); // metered up to the last roll, 02:00:30
    assertThat(days.get("0d cpu").isFinal()).isTrue();
    assertThat(days.get("1d cpu").isFinal()).isFalse();

    List<UsageRow> hours = rows(slug, Granularity.HOUR);
    for (UsageRow dayRow : days.values()) {
      List<UsageRow> itsHours =
          hours.stream()
              .filter(h -> h.resource().equals(dayRow.resource()))
              .filter(h -> h.periodStart().compareTo(dayRow.periodStart()) >= 0)
              .filter(h -> h.periodEnd().compareTo(dayRow.periodEnd()) <= 0)
              .toList();
      assertThat(itsHours.stream().mapToLong(UsageRow::quantity).sum()).isEqualTo(dayRow.quantity());
      assertThat(itsHours.stream().mapToLong(UsageRow::quotaLimit).sum()).isEqualTo(dayRow.quotaLimit());
    }
    Map<String, UsageRow> byHour = byPeriodAndResource(hours);
    assertThat(byHour.get("0d22 cpu").quantity()).isEqualTo(500 * 1785); // 22:30:15 .. 23:00
    assertThat(byHour.get("0d23 cpu").quantity()).isEqualTo(500 * 3600 + 250 * 10);
    assertThat(byHour.get("1d01 cpu").quantity()).isEqualTo(500 * 5 + 250 * 1800);
    assertThat(byHour.get("1d01 cpu").isFinal()).isTrue(); // ends 02:00, sealed
    assertThat(byHour.get("1d02 cpu").isFinal()).isFalse();
  }

  @Test
  void aQuotaChangedWithinAnHourLimitsEachPartOfItAtItsOwnRate() {
    at("10:00:00");
    String slug = newTenant("jack"); // 1000 mCPU
    at("10:15:00");
    quotas.set(ADA, slug, new Quota(4000, 1024, 2, 5), null);
    at("11:00:00");
    meter.roll();

    UsageRow cpu = byPeriodAndResource(rows(slug, Granularity.HOUR)).get("0d10 cpu");
    assertThat(cpu.quotaLimit()).isEqualTo(1000 * 900 + 4000 * 2700);
    assertThat(byPeriodAndResource(rows(slug, Granularity.HOUR)).get("0d10 gpu").quotaLimit()).isEqualTo(2 * 2700);
    assertThat(cpu.isFinal()).isTrue();
  }

  @Test
  void sealedRowsNeverChangeNotByLateWorkNorAfterARestart() {
    at("08:00:00");
    String slug = newTenant("kate");
    UUID tenant = tenants.get(ADA, slug).tenant().id();
    held(tenant, UUID.randomUUID(), new Quota(100, 64, 0, 0));
    at("09:00:10");
    meter.roll(); // seals up to 09:00
    String sealed = csv(slug, time("08:00:00"), time("09:00:00"));
    assertThat(sealed).contains(",true\n").doesNotContain(",false");

    at("08:59:00"); // a replica whose clock runs behind takes a reservation
    held(tenant, UUID.randomUUID(), new Quota(900, 900, 0, 0));
    at("10:00:05");
    meter.roll();
    assertThat(csv(slug, time("08:00:00"), time("09:00:00"))).isEqualTo(sealed);

    try (ConfigurableApplicationContext restarted =
        new SpringApplicationBuilder(TenancyTestBase.Application.class)
            .properties(
                "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                "spring.datasource.username=" + TestPostgres.username(),
                "atrium.metering.roller-enabled=false",
                "spring.main.banner-mode=off")
            .run()) {
      UsageService again = restarted.getBean(UsageService.class);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      again.write(
          again.ofTenant(ADA, slug, query(time("08:00:00"), time("09:00:00"), Granularity.HOUR), ExportFormat.CSV),
          out);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(sealed);
    }
  }

  @Test
  void aRenamedTenantsSealedRowsKeepTheNameItHadThenAndLaterRowsTakeTheNewOne() {
    at("14:00:00");
    String slug = newTenant("nina");
    UUID tenant = tenants.get(ADA, slug).tenant().id();
    held(tenant, UUID.randomUUID(), new Quota(100, 64, 0, 0));
    at("15:00:10");
    meter.roll(); // seals up to 15:00
    String sealed = focus(slug, time("14:00:00"), time("15:00:00"));
    assertThat(sealed).contains("Test " + slug).contains(",true,false\n");

    at("15:20:00");
    tenants.update(ADA, slug, new TenantChange("Renamed " + slug, null));
    at("16:00:10");
    meter.roll();

    assertThat(focus(slug, time("14:00:00"), time("15:00:00"))).isEqualTo(sealed);
    assertThat(focus(slug, time("15:00:00"), time("16:00:00"))).contains("Renamed " + slug).doesNotContain("Test " + slug);
  }

  @Test
  void capacityKeptByAReservationIsMeteredAsReservedBesideWhatTasksUsedAndOnlyWhereThereWasSome() {
    at("13:00:00");
    String slug = newTenant("olga");
    UUID tenant = tenants.get(ADA, slug).tenant().id();
    UUID reservation = UUID.randomUUID();
    UUID task = UUID.randomUUID();
    at("14:00:00");
    tx.executeWithoutResult(s -> {
      scope.tenant(tenant);
      meter.bookedCapacityHeld(tenant, reservation, new Quota(2000, 1024, 0, 0), time("14:00:00"));
    });
    at("14:15:00");
    held(tenant, task, new Quota(500, 256, 0, 0)); // a task that runs in it: metered as usage, as always
    at("15:30:00");
    released(task);
    tx.executeWithoutResult(s -> {
      scope.platform(Actor.SYSTEM, "test");
      meter.bookedCapacityReleased(reservation, time("15:30:00"));
    });
    at("16:00:10");
    meter.roll();

    Map<String, UsageRow> hours = byPeriodAndResource(rows(slug, Granularity.HOUR));
    assertThat(hours.get("0d14 reserved_cpu").quantity()).isEqualTo(2000L * 3600);
    assertThat(hours.get("0d14 reserved_cpu").quotaLimit()).as("limited by the CPU quota").isEqualTo(hours.get("0d14 cpu").quotaLimit());
    assertThat(hours.get("0d15 reserved_memory").quantity()).isEqualTo(1024L * 1800);
    assertThat(hours.get("0d14 cpu").quantity()).isEqualTo(500L * 2700);
    assertThat(hours).doesNotContainKey("0d13 reserved_cpu").doesNotContainKey("0d14 reserved_gpu");
    Map<String, UsageRow> days = byPeriodAndResource(rows(slug, Granularity.DAY));
    assertThat(days.get("0d reserved_cpu").quantity()).isEqualTo(2000L * 5400);
    assertThat(focus(slug, time("14:00:00"), time("15:00:00")))
        .startsWith(String.join(",", FocusUsageWriter.HEADER))
        .contains(",reserved_cpu," + slug + ",Test " + slug + ",")
        .contains(",true,true\n")
        .contains(",true,false\n");
  }

  @Test
  void aTenantsExportHoldsOnlyThatTenantsRows() {
    at("05:00:00");
    String mine = newTenant("liam");
    String theirs = newTenant("mia");
    at("06:00:01");
    meter.roll();

    List<UsageRow> rows = rows(mine, Granularity.HOUR);
    assertThat(rows).isNotEmpty().allMatch(r -> r.tenant().equals(mine));
    Actor liam = person("liam", false);
    List<UsageRow> asMember =
        usage.rows(usage.ofTenant(liam, mine, query(day, day.plus(Duration.ofDays(1)), Granularity.HOUR), ExportFormat.CSV));
    assertThat(asMember).isEqualTo(rows).noneMatch(r -> r.tenant().equals(theirs));
  }

  // --- helpers: times are "[Nd ]HH:MM:SS" counted from this test's day

  private Instant time(String at) {
    int days = at.contains("d ") ? Integer.parseInt(at.substring(0, at.indexOf('d'))) : 0;
    String hms = at.contains("d ") ? at.substring(at.indexOf(' ') + 1) : at;
    String[] p = hms.split(":");
    return day.plus(Duration.ofDays(days))
        .plus(Duration.ofHours(Integer.parseInt(p[0])))
        .plus(Duration.ofMinutes(Integer.parseInt(p[1])))
        .plus(Duration.ofSeconds(Integer.parseInt(p[2])));
  }

  private void at(String time) {
    clock.set(time(time));
  }

  private void held(UUID tenant, UUID task, Quota quota) {
    tx.executeWithoutResult(
        s -> {
          scope.tenant(tenant);
          meter.reservationHeld(tenant, task, quota);
        });
  }

  private void released(UUID task) {
    tx.executeWithoutResult(
        s -> {
          scope.platform(Actor.SYSTEM, "test");
          meter.reservationReleased(task);
        });
  }

  private static UsageQuery query(Instant from, Instant to, Granularity granularity) {
    return new UsageQuery(from, to, granularity);
  }

  private List<UsageRow> rows(String slug, Granularity granularity) {
    return usage.rows(usage.ofTenant(ADA, slug, query(day, day.plus(Duration.ofDays(2)), granularity), ExportFormat.CSV));
  }

  private String focus(String slug, Instant from, Instant to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    usage.write(usage.ofTenant(ADA, slug, query(from, to, Granularity.HOUR), ExportFormat.FOCUS), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String csv(String slug, Instant from, Instant to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    usage.write(usage.ofTenant(ADA, slug, query(from, to, Granularity.HOUR), ExportFormat.CSV), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Keys like "1d cpu" (days) or "1d02 cpu" (hours), counted from this test's day. */
  private Map<String, UsageRow> byPeriodAndResource(List<UsageRow> rows) {
    return rows.stream().collect(Collectors.toMap(this::key, r -> r));
  }

  private String key(UsageRow r) {
    Instant start = Instant.parse(r.periodStart());
    long days = Duration.between(day, start).toDays();
    boolean hourly = Duration.between(start, Instant.parse(r.periodEnd())).toHours() == 1;
    String hour = hourly ? String.format("%02d", start.atZone(java.time.ZoneOffset.UTC).getHour()) : "";
    return days + "d" + hour + " " + r.resource();
  }
}
