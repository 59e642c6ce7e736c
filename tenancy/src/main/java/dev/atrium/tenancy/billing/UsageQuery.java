package dev.atrium.tenancy.billing;

import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.access.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which usage to report: periods of {@code granularity} from {@code from} (inclusive) to {@code to}
 * (exclusive), both aligned to the granularity in UTC.
 */
public record UsageQuery(Instant from, Instant to, Granularity granularity) {

  /** Hourly rows are limited to a bit more than a year per request. */
  static final Duration MAX_HOURLY = Duration.ofDays(400);
  /** Daily and monthly ones to ten years. */
  static final Duration MAX_OTHER = Duration.ofDays(3660);

  /**
   * Reads a query as the API takes it: times as RFC 3339 (or a date for midnight UTC), granularity
   * by name in any case (HOUR when left out). Throws {@link ValidationException} naming each bad field.
   */
  static UsageQuery parse(String from, String to, String granularity) {
    Validator v = new Validator();
    UsageQuery query = parse(from, to, granularity, v);
    v.throwIfInvalid();
    return query;
  }

  /** As {@link #parse(String, String, String)}, adding errors to {@code v}; null when there are any. */
  static UsageQuery parse(String from, String to, String granularity, Validator v) {
    Granularity g = parseGranularity(granularity, v);
    Instant start = parseTime(from, "from", v);
    Instant end = parseTime(to, "to", v);
    if (g != null) {
      if (start != null && !g.aligned(start)) {
        v.require(false, "from", "must be the start of a" + article(g) + " (UTC), e.g. " + g.periodOf(start));
      }
      if (end != null && !g.aligned(end)) {
        v.require(false, "to", "must be the start of a" + article(g) + " (UTC), e.g. " + g.next(g.periodOf(end)));
      }
    }
    if (start != null && end != null) {
      if (!end.isAfter(start)) {
        v.require(false, "to", "must be after from");
      } else if (g != null) {
        Duration max = g == Granularity.HOUR ? MAX_HOURLY : MAX_OTHER;
        if (Duration.between(start, end).compareTo(max) > 0) {
          v.require(false, "to", "at most " + max.toDays() + " days after from at " + g + " granularity");
        }
      }
    }
    return start == null || end == null || g == null ? null : new UsageQuery(start, end, g);
  }

  private static String article(Granularity g) {
    return switch (g) {
      case HOUR -> "n hour";
      case DAY -> " day";
      case MONTH -> " month";
    };
  }

  private static Granularity parseGranularity(String value, Validator v) {
    if (value == null || value.isBlank()) {
      return Granularity.HOUR;
    }
    try {
      return Granularity.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      v.require(false, "granularity", "must be HOUR, DAY or MONTH");
      return null;
    }
  }

  private static Instant parseTime(String value, String field, Validator v) {
    if (value == null || value.isBlank()) {
      v.require(false, field, "is required, e.g. 2026-11-01T00:00:00Z");
      return null;
    }
    try {
      Instant time =
          value.length() == 10
              ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
              : OffsetDateTime.parse(value).toInstant();
      if (Validator.storable(time)) {
        return time;
      }
    } catch (DateTimeParseException e) {
      // refused below, as a time out of range is
    }
    v.require(false, field, "must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
    return null;
  }
}
