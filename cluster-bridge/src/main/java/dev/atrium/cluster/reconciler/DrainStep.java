package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.workload.Lifecycle;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.WorkloadStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Moves SERVICE instances off DRAINING nodes without a gap: for each, a successor is placed elsewhere
 * (it holds a node but not the quota), and once it runs the old task is killed and hands it the quota.
 * JOBs on a draining node run out. A successor whose old task's node is back in service, or whose old
 * task ended otherwise, is stopped.
 */
@Component
class DrainStep {

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final Lifecycle lifecycle;
  private final TaskEnds ends;
  private final SystemWork work;

  DrainStep(TaskStore tasks, WorkloadStore workloads, Lifecycle lifecycle, TaskEnds ends, SystemWork work) {
    this.tasks = tasks;
    this.workloads = workloads;
    this.lifecycle = lifecycle;
    this.ends = ends;
    this.work = work;
  }

  void run() {
    work.inTransaction("move services off draining nodes", () -> {
      tasks.liveOnNodesIn(NodeState.DRAINING).forEach(this::startMoving);
      tasks.successors().forEach(this::finishMoving);
    });
  }

  private void startMoving(Task task) {
    if (!ends.isService(task) || tasks.liveSuccessorOf(task.id()).isPresent() || !tasks.claim(task.id(), task.state())) {
      return;
    }
    Optional<Boolean> active = workloads.holdIfFree(task.workloadId());
    if (active.isPresent() && active.get()) {
      Task successor = tasks.insertSuccessor(task, "moving off draining node " + task.nodeId());
      lifecycle.placeOrWait(successor);
    }
  }

  private void finishMoving(Task successor) {
    // The workload first, as requests lock it first: a delete under way is left to finish.
    if (workloads.holdIfFree(successor.workloadId()).isEmpty() || !tasks.claim(successor.id(), successor.state())) {
      return;
    }
    Optional<Task> old = tasks.find(successor.successorOf()).filter(t -> !t.state().ended());
    boolean stillDraining = old.map(t -> tasks.nodeState(t.nodeId()) == NodeState.DRAINING).orElse(false);
    if (!stillDraining) {
      // Nothing to take over any more (ended, or its node is back in service): this one is surplus.
      lifecycle.end(successor, TaskState.KILLED, "no longer needed: the task it was to take over from "
          + (old.isEmpty() ? "ended" : "stays on its node"), false);
    } else if (successor.state() == TaskState.RUNNING && tasks.claim(old.get().id(), old.get().state())) {
      lifecycle.handOver(old.get(), successor, "moved off draining node " + old.get().nodeId());
    }
  }
}
