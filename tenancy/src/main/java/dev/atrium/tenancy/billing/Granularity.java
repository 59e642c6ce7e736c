package dev.atrium.tenancy.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The length of the periods an export reports; periods are aligned in UTC. */
public enum Granularity {
  HOUR,
  DAY,
  MONTH;

  /** Whether {@code instant} is the start of a period. */
  boolean aligned(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
    boolean hour = t.getMinute() == 0 && t.getSecond() == 0 && t.getNano() == 0;
    return switch (this) {
      case HOUR -> hour;
      case DAY -> hour && t.getHour() == 0;
      case MONTH -> hour && t.getHour() == 0 && t.getDayOfMonth() == 1;
    };
  }

  /** The start of the period after the one that starts at {@code start}. */
  public Instant next(Instant start) {
    ZonedDateTime t = start.atZone(ZoneOffset.UTC);
    ZonedDateTime next =
        switch (this) {
          case HOUR -> t.plusHours(1);
          case DAY -> t.plusDays(1);
          case MONTH -> t.plusMonths(1);
        };
    return next.toInstant();
  }

  /** The start of the period that holds {@code instant}. */
  public Instant periodOf(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    ZonedDateTime start =
        switch (this) {
          case HOUR -> t;
          case DAY -> t.truncatedTo(ChronoUnit.DAYS);
          case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        };
    return start.toInstant();
  }

  /** The unit PostgreSQL's date_trunc takes for it. */
  String sqlUnit() {
    return name().toLowerCase();
  }
}
