package dev.atrium.cluster.workload;

/** What a CRON workload does with a run that comes due while its last one still runs. */
public enum ConcurrencyPolicy {
  /** Starts it too: runs may overlap. */
  ALLOW,
  /** Records it SKIPPED. */
  FORBID,
  /** Stops the running one (REPLACED) and starts the new one. */
  REPLACE
}
