package dev.atrium.cluster.workload;

import dev.atrium.cluster.placement.PlacementRequest;
import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One instance of a workload: where it runs, in which state, and why it waits or ended. {@code
 * successorOf} names the task this one takes over from (moving a service off a draining node); {@code
 * reservationId} the reservation it runs in, and {@code slot} which of its slots once placed; {@code
 * endpoints} where its ports are reached, by port name, once launched; {@code version} the workload's
 * version it runs.
 */
public record Task(
    UUID id,
    UUID tenantId,
    UUID workloadId,
    int instance,
    TaskState state,
    String pool,
    Resources resources,
    Map<String, String> nodeLabels,
    String nodeId,
    String handle,
    String reason,
    int restarts,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    UUID successorOf,
    UUID reservationId,
    Integer slot,
    Map<String, String> endpoints,
    int version) {

  /** This task as placing it on {@code node} left it. */
  Task staged(String node) {
    return new Task(id, tenantId, workloadId, instance, TaskState.STAGING, pool, resources, nodeLabels, node, handle, null, restarts,
        createdAt, startedAt, endedAt, successorOf, reservationId, slot, endpoints, version);
  }

  /** This task, PENDING for {@code why}. */
  Task waiting(String why) {
    return new Task(id, tenantId, workloadId, instance, state, pool, resources, nodeLabels, nodeId, handle, why, restarts,
        createdAt, startedAt, endedAt, successorOf, reservationId, slot, endpoints, version);
  }

  /** What placing this task asks of a pool. */
  public PlacementRequest placement() {
    return new PlacementRequest(pool, resources, nodeLabels, reservationId);
  }
}
