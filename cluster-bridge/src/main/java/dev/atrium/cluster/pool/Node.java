package dev.atrium.cluster.pool;

import java.util.Map;

/** A node of a pool: its capacity, what placed tasks hold of it, its labels and its state. */
public record Node(
    String id,
    String pool,
    String name,
    Resources capacity,
    Resources allocated,
    Map<String, String> labels,
    NodeState state) {

  public Resources free() {
    return capacity.minus(allocated);
  }
}
