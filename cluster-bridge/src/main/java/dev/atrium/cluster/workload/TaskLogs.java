package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.tenancy.access.Actor;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The last lines a task's container wrote, for the tenant's members only. The access check and the
 * lookup run in a transaction of their own; the engine is asked after it, holding no connection.
 */
@Service
public class TaskLogs {

  static final int MAX_LINES = 200;

  private final WorkloadService workloads;
  private final Fleet fleet;

  TaskLogs(WorkloadService workloads, Fleet fleet) {
    this.workloads = workloads;
    this.fleet = fleet;
  }

  /** Up to {@code lines} of the task's latest output; empty where the engine keeps none. */
  public List<String> tail(Actor actor, String slug, UUID workloadId, UUID taskId, int lines) {
    Task task = workloads.task(actor, slug, workloadId, taskId);
    if (task.handle() == null) {
      return List.of();
    }
    return fleet.driver(task.pool()).map(d -> d.logTail(task.handle(), Math.min(Math.max(lines, 1), MAX_LINES))).orElse(List.of());
  }
}
