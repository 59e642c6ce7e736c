package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.workload.Lifecycle;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Ends a task the reconciler saw end (exited, failed, lost, or refused by its engine). A SERVICE
 * task is replaced, after a growing backoff, while its workload is ACTIVE; the workload is held for
 * that (share lock) so that no replacement is added to a workload being deleted. Neither lock is
 * waited for: a task or workload a request is changing now is left for the next round.
 */
@Component
class TaskEnds {

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final Lifecycle lifecycle;

  TaskEnds(TaskStore tasks, WorkloadStore workloads, Lifecycle lifecycle) {
    this.tasks = tasks;
    this.workloads = workloads;
    this.lifecycle = lifecycle;
  }

  /** In the caller's transaction, for a task whose workload's kind is not known yet. */
  boolean end(Task task, TaskState end, String reason) {
    return end(task, end, reason, isService(task));
  }

  boolean isService(Task task) {
    return workloads.find(task.workloadId()).map(w -> w.spec().kind() == WorkloadKind.SERVICE).orElse(false);
  }

  /** In the caller's transaction; false when it was left for the next round. */
  boolean end(Task task, TaskState end, String reason, boolean service) {
    if (!tasks.claim(task.id(), task.state())) {
      return false;
    }
    boolean replace = false;
    if (service) {
      Optional<Boolean> active = workloads.holdIfFree(task.workloadId());
      if (active.isEmpty()) {
        return false;
      }
      replace = active.get();
    }
    lifecycle.end(task, end, reason, replace);
    return true;
  }

  /** Marks a STAGING or RUNNING task as started, unless a request is changing it now. */
  void started(Task task) {
    if (tasks.claim(task.id(), task.state())) {
      lifecycle.started(task);
    }
  }
}
