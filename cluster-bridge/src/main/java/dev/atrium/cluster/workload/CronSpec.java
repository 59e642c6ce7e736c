package dev.atrium.cluster.workload;

/**
 * When a CRON workload runs: {@code schedule} (5-field Unix cron or a nickname such as @daily) read
 * in {@code timeZone} (IANA; UTC when null); {@code concurrencyPolicy} for a run due while the last
 * one runs (ALLOW when null); {@code startingDeadlineSeconds}, how late a run may start before it
 * is MISSED (300 when null); {@code suspended}, no runs until resumed.
 */
public record CronSpec(String schedule, String timeZone, ConcurrencyPolicy concurrencyPolicy, Integer startingDeadlineSeconds, Boolean suspended) {

  public static final int DEFAULT_DEADLINE_SECONDS = 300;

  /** With the defaults filled in. */
  CronSpec normalised() {
    return new CronSpec(
        schedule.trim(),
        timeZone == null ? "UTC" : timeZone,
        concurrencyPolicy == null ? ConcurrencyPolicy.ALLOW : concurrencyPolicy,
        startingDeadlineSeconds == null ? DEFAULT_DEADLINE_SECONDS : startingDeadlineSeconds,
        suspended != null && suspended);
  }

  public int deadlineSeconds() {
    return startingDeadlineSeconds == null ? DEFAULT_DEADLINE_SECONDS : startingDeadlineSeconds;
  }

  public boolean isSuspended() {
    return suspended != null && suspended;
  }
}
