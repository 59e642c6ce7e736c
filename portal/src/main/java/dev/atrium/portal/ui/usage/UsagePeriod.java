package dev.atrium.portal.ui.usage;

import dev.atrium.tenancy.billing.Granularity;
import dev.atrium.tenancy.billing.UsageQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The periods people pick in the usage views, each a range aligned in UTC with a granularity to match. */
enum UsagePeriod {
  LAST_24_HOURS("Last 24 hours"),
  LAST_7_DAYS("Last 7 days"),
  LAST_30_DAYS("Last 30 days"),
  THIS_MONTH("This month"),
  LAST_MONTH("Last month"),
  LAST_12_MONTHS("Last 12 months");

  private final String label;

  UsagePeriod(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  UsageQuery query(Instant now) {
    ZonedDateTime hour = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    ZonedDateTime day = hour.truncatedTo(ChronoUnit.DAYS);
    ZonedDateTime month = day.withDayOfMonth(1);
    return switch (this) {
      case LAST_24_HOURS -> query(hour.minusHours(23), hour.plusHours(1), Granularity.HOUR);
      case LAST_7_DAYS -> query(day.minusDays(6), day.plusDays(1), Granularity.HOUR);
      case LAST_30_DAYS -> query(day.minusDays(29), day.plusDays(1), Granularity.DAY);
      case THIS_MONTH -> query(month, month.plusMonths(1), Granularity.DAY);
      case LAST_MONTH -> query(month.minusMonths(1), month, Granularity.DAY);
      case LAST_12_MONTHS -> query(month.minusMonths(11), month.plusMonths(1), Granularity.MONTH);
    };
  }

  private static UsageQuery query(ZonedDateTime from, ZonedDateTime to, Granularity granularity) {
    return new UsageQuery(from.toInstant(), to.toInstant(), granularity);
  }
}
