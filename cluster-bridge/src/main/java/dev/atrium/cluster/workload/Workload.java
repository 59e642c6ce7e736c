package dev.atrium.cluster.workload;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's workload as the API and the console show it, with its tasks. {@code state} sums the
 * tasks up (RUNNING when all run, PENDING when some wait …; a CRON workload between runs is
 * SCHEDULED or SUSPENDED) and {@code reason} says why it waits. {@code nextRuns}: a CRON workload's
 * next five scheduled instants in its zone (none while suspended). {@code rollout}: its versions and
 * where the rollout of the current one is.
 */
public record Workload(
    UUID id, String tenant, WorkloadSpec spec, String state, String reason, Instant createdAt, List<Task> tasks, List<java.time.ZonedDateTime> nextRuns, Rollout rollout) {

  /**
   * Instances that run the current version and are RUNNING (healthy, where checked). A task taking
   * over from another off a draining node is part of its predecessor's instance, so it is not counted.
   */
  public long updated() {
    return instances().filter(t -> t.state() == TaskState.RUNNING && t.version() == rollout.version()).count();
  }

  /** Live instances that run an earlier version. */
  public long old() {
    return instances().filter(t -> t.version() != rollout.version()).count();
  }

  /** RUNNING instances, of any version. */
  public long available() {
    return instances().filter(t -> t.state() == TaskState.RUNNING).count();
  }

  private java.util.stream.Stream<Task> instances() {
    return tasks.stream().filter(t -> !t.state().ended() && t.successorOf() == null);
  }
}
