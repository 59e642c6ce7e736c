package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import org.springframework.stereotype.Component;

/**
 * Ends what runs on nodes marked DOWN or gone from their engine: the tasks are LOST, their holds
 * given back, and SERVICE instances replaced elsewhere.
 */
@Component
class DownStep {

  private final TaskStore tasks;
  private final TaskEnds ends;
  private final SystemWork work;

  DownStep(TaskStore tasks, TaskEnds ends, SystemWork work) {
    this.tasks = tasks;
    this.ends = ends;
    this.work = work;
  }

  void run() {
    work.inTransaction("end what runs on nodes that are down", () -> {
      HeldWorkloads held = ends.holds();
      for (Task task : tasks.liveOnNodesIn(NodeState.DOWN)) {
        ends.end(held, task, TaskState.LOST, "node " + task.nodeId() + " is down");
      }
      for (Task task : tasks.liveOnGoneNodes()) {
        ends.end(held, task, TaskState.LOST, "node " + task.nodeId() + " left its pool's engine");
      }
    });
  }
}
