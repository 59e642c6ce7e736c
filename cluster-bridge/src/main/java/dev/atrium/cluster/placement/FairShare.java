package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Resources;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Dominant resource fairness (DRF) between tenants that wait for capacity: the next turn goes to the
 * tenant whose largest share of any resource of the fleet is smallest, and a tenant's share grows
 * with every task placed for it.
 */
public final class FairShare {

  private final Resources fleet;
  private final Map<UUID, Resources> held;
  private final PriorityQueue<UUID> turns;

  /** {@code held}: what each tenant holds of the fleet now; {@code waiting}: the tenants that wait. */
  public FairShare(Resources fleet, Map<UUID, Resources> held, Collection<UUID> waiting) {
    this.fleet = fleet;
    this.held = new HashMap<>(held);
    this.turns = new PriorityQueue<>(Comparator.comparingDouble(this::share).thenComparing(UUID::toString));
    turns.addAll(waiting);
  }

  /** The tenant whose turn it is, taken out of the queue until {@link #again} puts it back. */
  public Optional<UUID> next() {
    return Optional.ofNullable(turns.poll());
  }

  /** The tenant still waits, having been given {@code placed} (nothing if its task found no node). */
  public void again(UUID tenant, Resources placed) {
    held.merge(tenant, placed, Resources::plus);
    turns.add(tenant);
  }

  private double share(UUID tenant) {
    return held.getOrDefault(tenant, Resources.NONE).dominantShareOf(fleet);
  }
}
