package dev.atrium.cluster.workload;

/** Where a SERVICE's rollout of its current version is. */
public enum RolloutState {
  /** New tasks are being started and old ones stopped. */
  PROGRESSING,
  /** Every instance runs the current version. */
  COMPLETE,
  /** Stopped by a person; old and new tasks run side by side until resumed or rolled back. */
  PAUSED,
  /** Stopped because it could not progress; the reason says why. */
  FAILED
}
