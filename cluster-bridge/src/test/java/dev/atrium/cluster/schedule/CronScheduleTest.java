package dev.atrium.cluster.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron expressions read in a time zone, across both changes of daylight saving time. */
class CronScheduleTest {

  @Test
  void aLocalTimeSkippedBySpringForwardRunsOnceAtTheFirstInstantAfterTheGap() {
    // Europe/Berlin, Sunday 28 March 2027: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 never happens.
    CronSchedule nightly = CronSchedule.of("30 2 * * *", "Europe/Berlin");
    assertThat(nightly.next(Instant.parse("2027-03-27T12:00:00Z"), 3)).extracting(ZonedDateTime::toInstant).containsExactly(
        Instant.parse("2027-03-28T01:00:00Z"), // 03:00 CEST, the end of the gap
        Instant.parse("2027-03-29T00:30:00Z"),
        Instant.parse("2027-03-30T00:30:00Z"));

    // Every quarter of an hour: 02:00, 02:15, 02:30 and 02:45 all fall in the gap and run once, at 03:00.
    CronSchedule quarterly = CronSchedule.of("*/15 * * * *", "Europe/Berlin");
    assertThat(quarterly.next(Instant.parse("2027-03-28T00:40:00Z"), 4)).extracting(ZonedDateTime::toInstant).containsExactly(
        Instant.parse("2027-03-28T00:45:00Z"), // 01:45 CET
        Instant.parse("2027-03-28T01:00:00Z"), // 03:00 CEST: the skipped 02:00–02:45, once
        Instant.parse("2027-03-28T01:15:00Z"),
        Instant.parse("2027-03-28T01:30:00Z"));
  }

  @Test
  void aLocalTimeThatHappensTwiceOnFallBackRunsOnceAtItsFirstOccurrence() {
    // Europe/Berlin, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
    CronSchedule nightly = CronSchedule.of("30 2 * * *", "Europe/Berlin");
    assertThat(nightly.next(Instant.parse("2026-10-24T12:00:00Z"), 2)).extracting(ZonedDateTime::toInstant).containsExactly(
        Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    assertThat(nightly.nextAfter(Instant.parse("2026-10-25T00:30:00Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));

    // Hourly: the hour from 02:00 to 03:00 is lived twice, and runs once.
    CronSchedule hourly = CronSchedule.of("@hourly", "Europe/Berlin");
    assertThat(hourly.next(Instant.parse("2026-10-24T23:30:00Z"), 3)).extracting(ZonedDateTime::toInstant).containsExactly(
        Instant.parse("2026-10-25T00:00:00Z"), // 02:00 CEST
        Instant.parse("2026-10-25T02:00:00Z"), // 03:00 CET: not 02:00 CET again
        Instant.parse("2026-10-25T03:00:00Z"));
    // Asked from inside the second 02:00 hour, the next run is still 03:00 CET.
    assertThat(hourly.nextAfter(Instant.parse("2026-10-25T01:10:00Z"))).contains(Instant.parse("2026-10-25T02:00:00Z"));
  }

  @Test
  void hoursAreTheZonesHoursEvenWithAHalfHourOffset() {
    CronSchedule hourly = CronSchedule.of("0 * * * *", "Asia/Kolkata"); // UTC+05:30
    List<ZonedDateTime> next = hourly.next(Instant.parse("2026-11-26T10:05:00Z"), 2);
    assertThat(next).extracting(ZonedDateTime::toInstant).containsExactly(Instant.parse("2026-11-26T10:30:00Z"), Instant.parse("2026-11-26T11:30:00Z"));
    assertThat(next.get(0).toString()).startsWith("2026-11-26T16:00+05:30");
  }

  @Test
  void unixSyntaxNamesAndNicknames() {
    assertThat(CronSchedule.of("*/15 9-17 * JAN-MAR MON-FRI", null).nextAfter(Instant.parse("2026-11-26T10:00:00Z")))
        .contains(Instant.parse("2027-01-01T09:00:00Z"));
    // Day of month OR day of week, as in Unix cron: the 1st, and every Monday.
    assertThat(CronSchedule.of("0 12 1 * MON", "UTC").next(Instant.parse("2026-11-26T00:00:00Z"), 3)).extracting(ZonedDateTime::toInstant)
        .containsExactly(Instant.parse("2026-11-30T12:00:00Z"), Instant.parse("2026-12-01T12:00:00Z"), Instant.parse("2026-12-07T12:00:00Z"));
    // Sunday is 0 or 7, and a range may start with it by name.
    assertThat(CronSchedule.of("0 9 * * SUN-TUE", "UTC").next(Instant.parse("2026-11-26T10:00:00Z"), 3)).extracting(ZonedDateTime::toInstant)
        .containsExactly(Instant.parse("2026-11-29T09:00:00Z"), Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-12-01T09:00:00Z"));
    assertThat(CronSchedule.of("@daily", "UTC").nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(CronSchedule.of("@weekly", "UTC").nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2026-11-29T00:00:00Z"));
    assertThat(CronSchedule.of("@monthly", "UTC").nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(CronSchedule.of("@yearly", "UTC").nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(CronSchedule.of("0 0 29 2 *", "UTC").nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @Test
  void whatIsWrongIsSaidOfTheFieldItIsIn() {
    assertInvalid("61 * * * *", "schedule", "minute 61 is out of range 0–59");
    assertInvalid("0 24 * * *", "schedule", "hour 24 is out of range 0–23");
    assertInvalid("0 0 * 13 *", "schedule", "month 13 is out of range 1–12");
    assertInvalid("*/0 * * * *", "schedule", "minute step 0 must be at least 1");
    assertInvalid("* * *", "schedule", "must have 5 fields (minute hour day-of-month month day-of-week), not 3");
    assertInvalid("* * * * * *", "schedule", "no seconds field");
    assertInvalid("@reboot", "schedule", "is not one of @hourly @daily @weekly @monthly @yearly");
    assertInvalid("0 0 30 2 *", "schedule", "never comes due");
    assertInvalid("", "schedule", "is required");
    assertInvalid("0 * * * *", "Mars/Olympus", "IANA time zone");
  }

  private static void assertInvalid(String expression, String field, String message) {
    String zone = field.equals("schedule") ? "UTC" : field;
    assertThatThrownBy(() -> CronSchedule.of(expression, zone))
        .isInstanceOfSatisfying(CronSchedule.Invalid.class, e -> {
          assertThat(e.field()).isEqualTo(field.equals("schedule") ? "schedule" : "timeZone");
          assertThat(e.getMessage()).contains(message);
        });
  }
}
