package dev.atrium.cluster.workload;

/**
 * PENDING (admitted, waiting for a node) → STAGING (placed, being launched) → RUNNING → FINISHED |
 * FAILED | KILLED | LOST. The last four are ends: the task then holds nothing.
 */
public enum TaskState {
  PENDING,
  STAGING,
  RUNNING,
  FINISHED,
  FAILED,
  KILLED,
  LOST;

  public boolean ended() {
    return ordinal() >= FINISHED.ordinal();
  }
}
