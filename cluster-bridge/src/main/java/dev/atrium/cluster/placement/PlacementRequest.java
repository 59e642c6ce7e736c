package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Resources;
import java.util.Map;
import java.util.UUID;

/**
 * What placement needs to know of a piece of work: the pool, what one instance holds, and the labels
 * a node must carry; or the reservation whose slots it runs in.
 */
public record PlacementRequest(String pool, Resources resources, Map<String, String> nodeLabels, UUID reservation) {

  public PlacementRequest {
    nodeLabels = Map.copyOf(nodeLabels);
  }

  public PlacementRequest(String pool, Resources resources, Map<String, String> nodeLabels) {
    this(pool, resources, nodeLabels, null);
  }
}
