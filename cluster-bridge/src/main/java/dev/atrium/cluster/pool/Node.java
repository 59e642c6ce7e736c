package dev.atrium.cluster.pool;

import java.util.Map;

/**
 * A node of a pool: its capacity, what placed tasks hold of it, its labels and its state; why it is
 * DRAINING or DOWN, and whether its engine still offers it.
 */
public record Node(
    String id,
    String pool,
    String name,
    Resources capacity,
    Resources allocated,
    Resources booked,
    Map<String, String> labels,
    NodeState state,
    String stateReason,
    boolean present) {

  /** The node's name within its pool, from its id {@code pool/name} (null for none). */
  public static String nameOf(String nodeId) {
    return nodeId == null ? null : nodeId.substring(nodeId.indexOf('/') + 1);
  }

  /** What placement may still take: capacity less what is allocated and what reservations keep. */
  public Resources free() {
    return capacity.minus(allocated).minus(booked);
  }
}
