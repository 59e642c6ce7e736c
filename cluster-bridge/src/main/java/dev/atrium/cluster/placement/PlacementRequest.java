package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Resources;
import java.util.Map;
import java.util.UUID;

/**
 * What placement needs to know of a piece of work: the pool, what one instance holds, and the labels
 * a node must carry; or the reservation whose slots it runs in. {@code spreadOf}: the service whose
 * instances this one keeps away from if it can (on another node; with {@code spreadBy}, a node
 * with another value of that label first, such as another zone).
 */
public record PlacementRequest(
    String pool, Resources resources, Map<String, String> nodeLabels, UUID reservation, UUID spreadOf, String spreadBy) {

  public PlacementRequest {
    nodeLabels = Map.copyOf(nodeLabels);
  }

  public PlacementRequest(String pool, Resources resources, Map<String, String> nodeLabels, UUID reservation) {
    this(pool, resources, nodeLabels, reservation, null, null);
  }

  public PlacementRequest(String pool, Resources resources, Map<String, String> nodeLabels) {
    this(pool, resources, nodeLabels, null, null, null);
  }

  /** The same request, spread away from the other instances of {@code workload}. */
  public PlacementRequest spread(UUID workload, String by) {
    return new PlacementRequest(pool, resources, nodeLabels, reservation, workload, by);
  }
}
