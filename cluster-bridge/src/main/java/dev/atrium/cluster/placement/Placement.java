package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Amounts;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chooses a node for a request: best fit on the request's dominant resource among the READY nodes of
 * its pool that carry its labels, charged with a conditional UPDATE so that two placements racing for
 * the last room on a node cannot both win. When nothing fits, says why in words a person can act on.
 * Fair share between tenants that wait is {@link FairShare}.
 */
@Component
public class Placement {

  /** How long the fleet's size, which decides what "dominant" means, is taken as known. */
  private static final Duration FLEET_SIZE_KNOWN_FOR = Duration.ofMinutes(1);

  private final BestFitStore nodes;
  private final Fleet fleet;
  private final Clock clock;
  private volatile FleetSize fleetSize;

  private record FleetSize(Resources total, long readAtMillis) {}

  Placement(BestFitStore nodes, Fleet fleet, Clock clock) {
    this.nodes = nodes;
    this.fleet = fleet;
    this.clock = clock;
  }

  /** The node that now holds the request's resources, or empty with {@link #whyNot} to tell why. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<String> place(PlacementRequest request) {
    // Never waits for a node another transaction is changing: two admissions that each hold a node
    // and want the other's would deadlock. A task that only busy nodes fit waits for the next round.
    boolean cpuDominant = cpuDominant(request.resources());
    if (request.spreadOf() != null) {
      return nodes.allocateSpread(request.pool(), request.nodeLabels(), request.resources(), cpuDominant, request.spreadOf(), request.spreadBy());
    }
    return nodes.allocateOnBestIdle(request.pool(), request.nodeLabels(), request.resources(), cpuDominant);
  }

  /** Gives back what {@link #place} took on {@code nodeId}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void free(String nodeId, Resources held) {
    nodes.free(nodeId, held);
  }

  /** Why no node of the pool can take the request now, e.g. "no node in pool sim has 4 free GPUs; largest free: 2". */
  @Transactional(propagation = Propagation.MANDATORY)
  public String whyNot(PlacementRequest request) {
    if (request.reservation() != null) {
      return "every slot of its reservation is in use, or the reservation is changing at this moment";
    }
    Resources need = request.resources();
    if (!nodes.candidates(request.pool(), request.nodeLabels(), need, cpuDominant(need), 1).isEmpty()) {
      return "the nodes of pool " + request.pool() + " that fit are taking other requests at this moment;"
          + " it is placed on the next round";
    }
    Resources largest = nodes.largestFree(request.pool(), request.nodeLabels());
    String where =
        "no node in pool " + request.pool() + (request.nodeLabels().isEmpty() ? "" : " with labels " + request.nodeLabels());
    if (largest.equals(Resources.NONE) && need.cpuMillis() > 0) {
      return where + " is ready";
    }
    if (need.gpus() > largest.gpus()) {
      return where + " has " + need.gpus() + " free GPUs; largest free: " + largest.gpus();
    }
    if (need.cpuMillis() > largest.cpuMillis()) {
      return where + " has " + Amounts.cpu(need.cpuMillis()).replace(" core", " free core") + "; largest free: " + Amounts.cpu(largest.cpuMillis());
    }
    if (need.memoryMiB() > largest.memoryMiB()) {
      return where + " has " + Amounts.memory(need.memoryMiB()) + " free; largest free: " + Amounts.memory(largest.memoryMiB());
    }
    return where + " has " + Amounts.of(need) + " free at once";
  }

  /** Whether {@code need} asks more of the fleet's CPU than of its memory, which decides what best fit means. */
  private boolean cpuDominant(Resources need) {
    Resources total = fleetSize();
    return need.cpuMillis() * Math.max(1, total.memoryMiB()) >= need.memoryMiB() * Math.max(1, total.cpuMillis());
  }

  /** The fleet's size read at most a minute ago (pools are registered, and nodes come and go). */
  private Resources fleetSize() {
    FleetSize known = fleetSize;
    if (known == null || clock.millis() - known.readAtMillis() > FLEET_SIZE_KNOWN_FOR.toMillis()) {
      known = new FleetSize(fleet.totalCapacity(), clock.millis());
      fleetSize = known;
    }
    return known.total();
  }
}
