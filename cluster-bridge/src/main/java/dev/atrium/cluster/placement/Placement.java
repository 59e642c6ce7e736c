package dev.atrium.cluster.placement;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chooses a node for a task: best fit on the request's dominant resource among the READY nodes of
 * its pool that carry its labels, charged with a conditional UPDATE so that two placements racing for
 * the last room on a node cannot both win. When nothing fits, says why in words a person can act on.
 */
@Component
public class Placement {

  private final Fleet fleet;

  Placement(Fleet fleet) {
    this.fleet = fleet;
  }

  /** The node that now holds the request's resources, or empty with {@link #whyNot} to tell why. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<String> place(PlacementRequest task) {
    // Never waits for a node another transaction is changing: two admissions that each hold a node
    // and want the other's would deadlock. A task that only busy nodes fit waits for the next round.
    return fleet.allocateOnIdleNode(task.pool(), task.nodeLabels(), task.resources());
  }

  /** Gives back what {@link #place} took on {@code nodeId}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void free(String nodeId, Resources held) {
    fleet.free(nodeId, held);
  }

  /** Why no node of the pool can take the task now, e.g. "no node in pool sim has 4 free GPUs; largest free: 2". */
  @Transactional(propagation = Propagation.MANDATORY)
  public String whyNot(PlacementRequest task) {
    Resources need = task.resources();
    if (!fleet.candidates(task.pool(), task.nodeLabels(), need, 1).isEmpty()) {
      return "the nodes of pool " + task.pool() + " that fit are taking other requests at this moment;"
          + " it is placed on the next round";
    }
    Resources largest = fleet.largestFree(task.pool(), task.nodeLabels());
    String where = "no node in pool " + task.pool() + (task.nodeLabels().isEmpty() ? "" : " with labels " + task.nodeLabels());
    if (largest.equals(Resources.NONE) && need.cpuMillis() > 0) {
      return where + " is ready";
    }
    if (need.gpus() > largest.gpus()) {
      return where + " has " + need.gpus() + " free GPUs; largest free: " + largest.gpus();
    }
    if (need.cpuMillis() > largest.cpuMillis()) {
      return where + " has " + need.cpuMillis() + " free mCPU; largest free: " + largest.cpuMillis();
    }
    if (need.memoryMiB() > largest.memoryMiB()) {
      return where + " has " + need.memoryMiB() + " MiB free; largest free: " + largest.memoryMiB();
    }
    return where + " has " + need.cpuMillis() + " mCPU, " + need.memoryMiB() + " MiB and " + need.gpus()
        + " GPUs free at once";
  }
}
