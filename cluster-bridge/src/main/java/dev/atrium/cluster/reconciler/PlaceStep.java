package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.placement.FairShare;
import dev.atrium.cluster.placement.PlacementRequest;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.hold.HoldStore;
import dev.atrium.cluster.workload.Lifecycle;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Places PENDING tasks as capacity frees. Every tenant with pending work takes part: the head of each
 * tenant's queue is read (together at most {@link #TASKS_PER_ROUND}), turns go by dominant share
 * (DRF), first come first within a tenant. A task that fits nowhere does not block the tasks behind it
 * (like Kueue's BestEffortFIFO): once one shape found no node in a round, the others of that shape wait
 * without asking again, and each waiting task's reason is written only when it changes, so a round
 * stays bounded however many tasks wait. A task a request is changing right now is left for the next
 * round.
 */
@Component
class PlaceStep {

  /** Pending tasks read per round across all tenants. */
  static final int TASKS_PER_ROUND = 5000;
  /** Every waiting tenant gets at least this many of its oldest tasks read, however many tenants wait. */
  static final int MIN_PER_TENANT = 20;

  private final TaskStore tasks;
  private final HoldStore holds;
  private final Lifecycle lifecycle;
  private final Fleet fleet;
  private final SystemWork work;

  PlaceStep(TaskStore tasks, HoldStore holds, Lifecycle lifecycle, Fleet fleet, SystemWork work) {
    this.tasks = tasks;
    this.holds = holds;
    this.lifecycle = lifecycle;
    this.fleet = fleet;
    this.work = work;
  }

  void run() {
    work.inTransaction("place pending tasks", this::placeWaiting);
  }

  private void placeWaiting() {
    int tenants = tasks.tenantsWithPendingWork();
    if (tenants == 0) {
      return;
    }
    Map<UUID, Deque<Task>> queues = new HashMap<>();
    tasks.pendingByTenant(Math.max(MIN_PER_TENANT, TASKS_PER_ROUND / tenants))
        .forEach((tenant, queue) -> queues.put(tenant, new ArrayDeque<>(queue)));
    FairShare turns = new FairShare(fleet.totalCapacity(), holds.byTenant(), queues.keySet());
    Map<PlacementRequest, List<Task>> noRoom = new LinkedHashMap<>();
    for (UUID tenant = turns.next().orElse(null); tenant != null; tenant = turns.next().orElse(null)) {
      Deque<Task> queue = queues.get(tenant);
      Task task = queue.poll();
      Resources placed = Resources.NONE;
      List<Task> sameShapeWaits = noRoom.get(task.placement());
      if (sameShapeWaits != null) {
        sameShapeWaits.add(task);
      } else if (tasks.claim(task.id(), TaskState.PENDING)) {
        if (lifecycle.place(task)) {
          placed = task.resources();
        } else {
          noRoom.computeIfAbsent(task.placement(), shape -> new ArrayList<>()).add(task);
        }
      }
      if (!queue.isEmpty()) {
        turns.again(tenant, placed);
      }
    }
    noRoom.forEach((shape, waiting) -> lifecycle.waiting(waiting, lifecycle.whyWaits(shape)));
  }
}
