package dev.atrium.cluster.workload;

import java.time.Instant;

/**
 * A workload's versions and its rollout, as recorded: {@code version} is what its tasks should run,
 * {@code previousVersion} what they ran before (where a rollback returns to; null for a workload
 * never changed). {@code withoutSurge}: the quota had no room for a surge, so this rollout replaces
 * one task at a time. {@code progressAt} and {@code updatedSeen}: when the rollout last moved on, and
 * how many new tasks ran then.
 */
public record Rollout(
    int version, Integer previousVersion, RolloutState state, String reason, boolean withoutSurge, Instant progressAt, int updatedSeen) {

  /** A new workload's: version 1, nothing to roll out (the columns' defaults, migration V16). */
  public static final Rollout FIRST = new Rollout(1, null, RolloutState.COMPLETE, null, false, null, 0);
}
