package dev.atrium.cluster.workload;

/** SERVICE: kept running, restarted on failure. JOB: runs to completion. CRON: a job on a schedule. */
public enum WorkloadKind {
  SERVICE,
  JOB,
  CRON
}
