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
 * Moves a task the reconciler saw change: started, or ended (exited, failed, lost, refused by its
 * engine). A SERVICE task that ends is replaced, after a growing backoff, while its workload is
 * ACTIVE. The workload is held before the task is locked (see {@link HeldWorkloads}), and neither is
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

  /** Workload holds for one transaction. */
  HeldWorkloads holds() {
    return new HeldWorkloads(workloads);
  }

  boolean isService(Task task) {
    return workloads.find(task.tenantId(), task.workloadId()).map(w -> w.spec().kind() == WorkloadKind.SERVICE).orElse(false);
  }

  /** In the caller's transaction, for a task whose workload's kind is not known yet. */
  boolean end(HeldWorkloads held, Task task, TaskState end, String reason) {
    return end(held, task, end, reason, isService(task));
  }

  /** In the caller's transaction; false when it was left for the next round. */
  boolean end(HeldWorkloads held, Task task, TaskState end, String reason, boolean service) {
    Optional<Boolean> active = held.hold(task.workloadId());
    if (active.isEmpty() || !tasks.claim(task.id(), task.state())) {
      return false;
    }
    lifecycle.end(task, end, reason, service && active.get());
    return true;
  }

  /** Marks a STAGING task as RUNNING, unless a request is changing it now. */
  void started(HeldWorkloads held, Task task) {
    if (held.hold(task.workloadId()).isPresent() && tasks.claim(task.id(), task.state())) {
      lifecycle.started(task);
    }
  }
}
