package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks a pool's engine how its launched tasks are and moves them on: STAGING → RUNNING (once
 * healthy, for a task with a health check); unhealthy ones FAILED with the check's last output; ended ones
 * FINISHED or FAILED, with the engine's reason; vanished ones LOST. A SERVICE task that ends, for any
 * of these reasons, is replaced (see {@link TaskEnds}).
 */
@Component
class ObserveStep {

  private static final Logger log = LoggerFactory.getLogger(ObserveStep.class);

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final TaskEnds ends;
  private final SystemWork work;
  private final ClusterMetrics metrics;

  ObserveStep(TaskStore tasks, WorkloadStore workloads, TaskEnds ends, SystemWork work, ClusterMetrics metrics) {
    this.metrics = metrics;
    this.tasks = tasks;
    this.workloads = workloads;
    this.ends = ends;
    this.work = work;
  }

  void run(String pool, ClusterDriver driver) {
    List<Task> live = work.inTransaction("read launched tasks", () -> tasks.launchedAndLive(pool));
    if (live.isEmpty()) {
      return;
    }
    Map<String, Observation> seen;
    try {
      seen = driver.observe(live.stream().map(Task::handle).toList());
    } catch (DriverException e) {
      metrics.driverError(pool);
      log.warn("Cannot observe pool {}: {}", pool, e.getMessage());
      return;
    }
    work.inTransaction("record what the engine reports", () -> record(pool, live, seen));
  }

  private void record(String pool, List<Task> live, Map<String, Observation> seen) {
    HeldWorkloads held = ends.holds();
    Map<UUID, Boolean> services = new HashMap<>();
    for (Task task : live) {
      Observation now = seen.get(task.handle());
      if (now != null && now.phase() == Observation.Phase.RUNNING) {
        if (task.state() == TaskState.STAGING) {
          ends.started(held, task);
        }
        continue;
      }
      if (now != null && now.phase() == Observation.Phase.STARTING) {
        continue;
      }
      boolean service =
          services.computeIfAbsent(
              task.workloadId(), id -> workloads.find(task.tenantId(), id).map(w -> w.spec().kind() == WorkloadKind.SERVICE).orElse(false));
      if (now == null) {
        ends.end(held, task, TaskState.LOST, "vanished from pool " + pool, service);
      } else if (now.phase() == Observation.Phase.UNHEALTHY) {
        ends.end(held, task, TaskState.FAILED, "health check failed: " + now.reason(), service);
      } else if (now.phase() == Observation.Phase.SUCCEEDED) {
        ends.end(held, task, service ? TaskState.FAILED : TaskState.FINISHED, service ? "exited" : null, service);
      } else {
        ends.end(held, task, TaskState.FAILED, now.reason(), service);
      }
    }
  }
}
