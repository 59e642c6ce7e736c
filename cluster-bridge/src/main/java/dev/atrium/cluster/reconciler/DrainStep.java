package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.workload.Lifecycle;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Moves SERVICE instances off DRAINING nodes without a gap: for each, a successor is placed elsewhere
 * (it holds a node but not the quota), and once it runs the old task is killed and hands it the quota.
 * JOBs on a draining node run out. A successor whose old task is back on a node in service, or ended
 * otherwise, is stopped; one whose old task's node went down takes over as soon as it runs.
 */
@Component
class DrainStep {

  private final TaskStore tasks;
  private final Lifecycle lifecycle;
  private final TaskEnds ends;
  private final SystemWork work;

  DrainStep(TaskStore tasks, Lifecycle lifecycle, TaskEnds ends, SystemWork work) {
    this.tasks = tasks;
    this.lifecycle = lifecycle;
    this.ends = ends;
    this.work = work;
  }

  void run() {
    work.inTransaction("move services off draining nodes", () -> {
      HeldWorkloads held = ends.holds();
      tasks.liveOnNodesIn(NodeState.DRAINING).forEach(task -> startMoving(held, task));
      tasks.successors().forEach(successor -> finishMoving(held, successor));
    });
  }

  private void startMoving(HeldWorkloads held, Task task) {
    // A successor that has not taken over yet is not moved again: it is killed if it must go.
    // A task in a reservation stays in its slot: the slot's capacity is on this node.
    if (task.successorOf() != null || task.reservationId() != null || !ends.isService(task)) {
      return;
    }
    Optional<Boolean> active = held.hold(task.workloadId());
    if (active.isEmpty() || !active.get() || !tasks.claim(task.id(), task.state())) {
      return;
    }
    if (tasks.liveSuccessorOf(task).isEmpty()) { // asked again now that the task is ours
      lifecycle.placeOrWait(tasks.insertSuccessor(task, "moving off draining node " + task.nodeId()));
    }
  }

  private void finishMoving(HeldWorkloads held, Task successor) {
    if (held.hold(successor.workloadId()).isEmpty() || !tasks.claim(successor.id(), successor.state())) {
      return;
    }
    Optional<Task> old = tasks.find(successor.successorOf()).filter(t -> !t.state().ended());
    if (old.isEmpty() || tasks.nodeInService(old.get().nodeId())) {
      // Nothing to take over any more (ended, or its node is back in service): this one is surplus.
      lifecycle.end(successor, TaskState.KILLED, "no longer needed: the task it was to take over from "
          + (old.isEmpty() ? "ended" : "stays on its node"), false);
    } else if (successor.state() == TaskState.RUNNING && tasks.claim(old.get().id(), old.get().state())) {
      lifecycle.handOver(old.get(), successor, "moved off node " + old.get().nodeId());
    }
  }
}
