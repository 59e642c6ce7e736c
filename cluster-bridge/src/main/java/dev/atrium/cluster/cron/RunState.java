package dev.atrium.cluster.cron;

/** Where a CRON workload's run is: under way, or how it ended (or why it never started). */
public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Not started by its starting deadline: Atrium was not running, or the quota had no room. */
  MISSED,
  /** Not started: the previous run still ran and the policy is FORBID. */
  SKIPPED,
  /** Stopped for the next run (policy REPLACE). */
  REPLACED;

  public boolean over() {
    return this != RUNNING;
  }
}
