package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Resources;
import java.util.Map;

/**
 * What placement needs to know of a piece of work: the pool, what one instance holds, and the labels
 * a node must carry. Tasks, and next reservations, are placed through it.
 */
public record PlacementRequest(String pool, Resources resources, Map<String, String> nodeLabels) {

  public PlacementRequest {
    nodeLabels = Map.copyOf(nodeLabels);
  }
}
