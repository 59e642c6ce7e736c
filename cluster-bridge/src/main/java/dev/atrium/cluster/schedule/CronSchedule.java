package dev.atrium.cluster.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 5-field Unix cron schedule read in a time zone. cron-utils parses the expression and finds the
 * next matching wall-clock time; it is asked on a clock without daylight saving (UTC standing in for
 * the zone's local time), and Atrium maps each local time to an instant by its own two rules, so
 * every scheduled time has one instant: a local time skipped by a change to summer time runs at the
 * first instant after the gap (several such times run once there), and a local time that happens
 * twice runs at its first occurrence only.
 */
public final class CronSchedule {

  /** The Unix crontab fields (day of month OR day of week when both are given), with the nicknames. */
  private static final CronDefinition UNIX =
      CronDefinitionBuilder.defineCron()
          .withMinutes().withValidRange(0, 59).withStrictRange().and()
          .withHours().withValidRange(0, 23).withStrictRange().and()
          .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
          .withMonth().withValidRange(1, 12).withStrictRange().and()
          .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
          .withSupportedNicknameHourly()
          .withSupportedNicknameDaily()
          .withSupportedNicknameMidnight()
          .withSupportedNicknameWeekly()
          .withSupportedNicknameMonthly()
          .withSupportedNicknameYearly()
          .withSupportedNicknameAnnually()
          .instance();

  private static final CronParser PARSER = new CronParser(UNIX);
  private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
  private static final Pattern OUT_OF_RANGE = Pattern.compile("(Value|Period) (\\S+) not in range \\[(\\d+), (\\d+)]");

  /** A schedule that cannot be read: {@code field} is "schedule" or "timeZone". */
  public static final class Invalid extends RuntimeException {
    private final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSchedule(String expression, ZoneId zone, Cron cron) {
    this.expression = expression;
    this.zone = zone;
    this.times = ExecutionTime.forCron(cron);
  }

  /** Reads {@code expression} in {@code zone} (an IANA name; null for UTC), or says what is wrong. */
  public static CronSchedule of(String expression, String zone) {
    ZoneId zoneId = zone(zone);
    if (expression == null || expression.isBlank()) {
      throw new Invalid("schedule", "is required, e.g. \"30 2 * * *\" (minute hour day-of-month month day-of-week)");
    }
    String trimmed = expression.trim();
    if (trimmed.length() > 200) {
      throw new Invalid("schedule", "must be at most 200 characters");
    }
    Cron cron;
    try {
      cron = PARSER.parse(sundayFirst(trimmed));
    } catch (IllegalArgumentException e) {
      throw new Invalid("schedule", explain(trimmed, e));
    }
    CronSchedule schedule = new CronSchedule(trimmed, zoneId, cron);
    Instant from = Instant.parse("2000-01-01T00:00:00Z");
    if (schedule.localAfter(LocalDateTime.ofInstant(from, ZoneOffset.UTC)).isEmpty()) {
      throw new Invalid("schedule", "never comes due: no date matches \"" + trimmed + "\"");
    }
    return schedule;
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first scheduled instant after {@code after}; empty if the schedule never comes due again. */
  public Optional<Instant> nextAfter(Instant after) {
    // One minute back: a local time at or just before {@code after} may map to a later instant (a gap).
    LocalDateTime local = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).minusMinutes(1);
    for (int tries = 0; tries < 10_000; tries++) {
      Optional<LocalDateTime> next = localAfter(local);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(next.get());
      if (at.isAfter(after)) {
        return Optional.of(at);
      }
      local = next.get(); // a local time that ran at its first occurrence, or in a gap already passed
    }
    return Optional.empty();
  }

  /** The next {@code count} scheduled instants after {@code after}, in the schedule's zone. */
  public List<ZonedDateTime> next(Instant after, int count) {
    List<ZonedDateTime> next = new ArrayList<>();
    Instant at = after;
    while (next.size() < count) {
      Optional<Instant> following = nextAfter(at);
      if (following.isEmpty()) {
        break;
      }
      at = following.get();
      next.add(at.atZone(zone));
    }
    return next;
  }

  /** The instant a local time runs at: after the gap when it does not exist, its first occurrence when it is twice. */
  Instant instantOf(LocalDateTime local) {
    ZoneRules rules = zone.getRules();
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant(); // null: the earlier offset in an overlap
  }

  private Optional<LocalDateTime> localAfter(LocalDateTime local) {
    return times.nextExecution(local.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
  }

  private static ZoneId zone(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new Invalid("timeZone", "must be an IANA time zone such as Europe/Berlin or UTC (" + zone + " is not one)");
    }
  }

  /**
   * cron-utils reads SUN as 7, so a range that starts with it ({@code SUN-SAT}) would run backwards:
   * there, Sunday is 0, as in Unix cron.
   */
  private static String sundayFirst(String expression) {
    String[] parts = expression.split("\\s+");
    if (parts.length != 5) {
      return expression;
    }
    parts[4] = parts[4].replaceAll("(?i)(^|,)SUN-", "$10-");
    return String.join(" ", parts);
  }

  /** cron-utils' complaint, with the field it is about: "minute 61 is out of range 0–59". */
  private static String explain(String expression, IllegalArgumentException e) {
    String message = e.getMessage() == null ? "cannot be read" : e.getMessage().replace("Failed to parse cron expression. ", "");
    String[] parts = expression.split("\\s+");
    if (expression.startsWith("@")) {
      return "\"" + expression + "\" is not one of @hourly @daily @weekly @monthly @yearly";
    }
    if (parts.length != 5) {
      return "must have 5 fields (minute hour day-of-month month day-of-week), not " + parts.length
          + (parts.length == 6 ? "; Atrium runs at most once a minute, so there is no seconds field" : "");
    }
    for (int i = 0; i < 5; i++) {
      String[] alone = {"*", "*", "*", "*", "*"};
      alone[i] = parts[i];
      try {
        PARSER.parse(String.join(" ", alone));
      } catch (IllegalArgumentException wrong) {
        String why = wrong.getMessage() == null ? message : wrong.getMessage().replace("Failed to parse cron expression. ", "");
        Matcher range = OUT_OF_RANGE.matcher(why);
        if (range.find() && range.group(1).equals("Period")) {
          return FIELDS[i] + " step " + range.group(2) + " must be at least 1";
        }
        if (range.find(0)) {
          return FIELDS[i] + " " + range.group(2) + " is out of range " + range.group(3) + "–" + range.group(4);
        }
        return FIELDS[i] + " \"" + parts[i] + "\": " + why;
      }
    }
    return message;
  }
}
