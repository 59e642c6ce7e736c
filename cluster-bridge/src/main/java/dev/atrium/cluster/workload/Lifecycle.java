package dev.atrium.cluster.workload;

import dev.atrium.cluster.placement.Placement;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.placement.PlacementRequest;
import dev.atrium.cluster.reservation.CapacityCheck;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationUse;
import dev.atrium.cluster.hold.HoldStore;
import dev.atrium.cluster.hold.Releases;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.quota.Quota;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The moves of a task's life that change what it holds, each inside the caller's transaction:
 * placing it on a node, starting it, and ending it, which gives back its node and its quota exactly
 * once (a failed SERVICE task hands its quota on to the task that replaces it), when the transaction
 * commits ({@link Releases}). The node hold is the
 * reservation that is metered: from placing to release, LOST tasks until they are found gone. Each
 * move is a compare-and-set on the task's state: a move whose task has moved on meanwhile does
 * nothing.
 */
@Component
public class Lifecycle {

  /** Seconds before a failed service task is placed again, doubling per restart up to five minutes. */
  static long backoffSeconds(int restarts) {
    return Math.min(300, 1L << Math.min(restarts, 9));
  }

  private final TaskStore tasks;
  private final HoldStore holds;
  private final Releases releases;
  private final Placement placement;
  private final UsageMeter meter;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ReservationUse reservations;
  private final CapacityCheck capacity;
  private final WorkloadStore workloads;

  Lifecycle(
      ReservationUse reservations,
      CapacityCheck capacity,
      WorkloadStore workloads,
      TaskStore tasks,
      HoldStore holds,
      Releases releases,
      Placement placement,
      UsageMeter meter,
      ApplicationEventPublisher events,
      Clock clock) {
    this.reservations = reservations;
    this.capacity = capacity;
    this.workloads = workloads;
    this.tasks = tasks;
    this.holds = holds;
    this.releases = releases;
    this.placement = placement;
    this.meter = meter;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Places a PENDING task on the node that fits it best; false when no node takes it now (the caller
   * says why, see {@link #waiting}) or when the task is PENDING no more.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean place(Task task) {
    if (task.reservationId() != null) {
      return placeInSlot(task);
    }
    return placeOnNode(task, workloads.find(task.tenantId(), task.workloadId()).map(WorkloadStore.Row::spec)).isPresent();
  }

  /**
   * Places a new workload's PENDING tasks, or records why they wait; the tasks as they are then. Once
   * one finds no node, those after it wait for the same reason: the next round places them.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Task> placeOrWait(List<Task> tasks, WorkloadSpec spec) {
    List<Task> placed = new java.util.ArrayList<>();
    String waits = null;
    for (Task task : tasks) {
      if (task.reservationId() != null) {
        placeOrWait(task);
        placed.add(this.tasks.find(task.id()).orElse(task));
        continue;
      }
      Optional<String> node = waits == null ? placeOnNode(task, Optional.of(spec)) : Optional.empty();
      if (node.isPresent()) {
        placed.add(task.staged(node.get()));
      } else {
        waits = waits == null ? whyWaits(task.placement()) : waits;
        placed.add(task.waiting(waits));
      }
    }
    List<java.util.UUID> waiting = placed.stream().filter(t -> t.state() == TaskState.PENDING && t.reservationId() == null).map(Task::id).toList();
    if (!waiting.isEmpty()) {
      this.tasks.waiting(waiting, waits);
    }
    return placed;
  }

  /** The node the task now holds, if one fits it. */
  private Optional<String> placeOnNode(Task task, Optional<WorkloadSpec> spec) {
    Optional<String> node = placement.place(request(task, spec));
    if (node.isEmpty()) {
      node = jobRun(spec).flatMap(runsFor -> capacity.backfill(task.pool(), task.nodeLabels(), task.resources(), runsFor));
    }
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (!tasks.placed(task.id(), node.get())) {
      releases.node(node.get(), task.resources()); // ended meanwhile: it must not hold the node
      return Optional.empty();
    }
    meter.reservationHeld(task.tenantId(), task.id(), quota(task.resources(), 0));
    events.publishEvent(new TaskPlaced(task.id(), task.tenantId(), node.get()));
    return node;
  }

  /** Into a free slot of its reservation, on that slot's node: its capacity is the slot's. */
  private boolean placeInSlot(Task task) {
    Optional<Reservation.Slot> slot = reservations.freeSlot(task.reservationId());
    if (slot.isEmpty() && reservations.over(task.reservationId())) {
      // e.g. a replacement made while its reservation ended: it has nowhere to run any more
      end(task, TaskState.KILLED, "its reservation is over", false);
      return false;
    }
    if (slot.isEmpty() || !tasks.placedInSlot(task.id(), slot.get().nodeId(), slot.get().instance())) {
      return false;
    }
    meter.reservationHeld(task.tenantId(), task.id(), quota(task.resources(), 0));
    events.publishEvent(new TaskPlaced(task.id(), task.tenantId(), slot.get().nodeId()));
    return true;
  }

  /** How long the task is known to run: a JOB's or a cron run's with a duration; empty for work that runs until stopped. */
  private static Optional<Duration> jobRun(Optional<WorkloadSpec> spec) {
    return spec.filter(s -> s.kind() != WorkloadKind.SERVICE && s.durationSeconds() != null).map(s -> Duration.ofSeconds(s.durationSeconds()));
  }

  /** What placing the task asks: a service's instances spread over nodes (and its {@code spreadBy} label) where they can. */
  private static PlacementRequest request(Task task, Optional<WorkloadSpec> spec) {
    return spec.filter(s -> s.kind() == WorkloadKind.SERVICE && s.instances() > 1)
        .map(s -> task.placement().spread(task.workloadId(), s.spreadBy()))
        .orElse(task.placement());
  }

  /** Places the task, or records why it waits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void placeOrWait(Task task) {
    if (!place(task)) {
      waiting(List.of(task), whyWaits(task.placement()));
    }
  }

  /** Why work of this shape waits: booked capacity in the way, or what placement says. */
  @Transactional(propagation = Propagation.MANDATORY)
  public String whyWaits(PlacementRequest shape) {
    if (shape.reservation() != null) {
      return placement.whyNot(shape);
    }
    return capacity.bookedReason(shape.pool(), shape.nodeLabels(), shape.resources()).orElseGet(() -> placement.whyNot(shape));
  }

  /** Records why these PENDING tasks wait. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void waiting(List<Task> waiting, String reason) {
    tasks.waiting(waiting.stream().map(Task::id).toList(), reason);
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void started(Task task) {
    if (tasks.running(task.id())) {
      events.publishEvent(new TaskStarted(task.id(), task.tenantId(), task.resources(), clock.instant()));
    }
  }

  /**
   * Ends a live task and gives back what it held. With {@code restart} (a SERVICE task that failed,
   * exited or was lost, of a workload the caller holds ACTIVE) a new PENDING task takes its place
   * after a backoff and keeps its quota.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void end(Task task, TaskState end, String reason, boolean restart) {
    if (!tasks.end(task.id(), end, reason)) {
      return; // someone else ended it first, and released its holds
    }
    releaseNode(task);
    if (task.reservationId() != null) { // it held no quota: the reservation does
      if (restart) {
        tasks.replace(task, backoffSeconds(task.restarts()));
      }
      stopContainer(task, end);
      events.publishEvent(new TaskEnded(task.id(), task.tenantId(), end, reason, clock.instant()));
      return;
    }
    holds.releaseQuota(task.id())
        .ifPresent(
            held -> {
              if (restart) {
                // A task already taking over from this one (off a draining node) is its replacement.
                Optional<Task> successor = tasks.liveSuccessorOf(task);
                if (successor.isEmpty() || !handQuotaTo(successor.get())) {
                  tasks.replace(task, backoffSeconds(task.restarts()));
                }
              } else {
                releases.quota(held.tenantId(), quota(held.resources(), 0));
              }
            });
    stopContainer(task, end);
    events.publishEvent(new TaskEnded(task.id(), task.tenantId(), end, reason, clock.instant()));
  }

  /** Kills a live task, and the task taking over from it if one is under way. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void kill(Task task, String reason) {
    tasks.liveSuccessorOf(task).ifPresent(successor -> kill(successor, reason));
    end(task, TaskState.KILLED, reason, false);
  }

  /**
   * A killed task's container is stopped once this commits. Its handle is read again under the row's
   * lock: a launch may have recorded it after the caller read the task.
   */
  private void stopContainer(Task task, TaskState end) {
    if (end == TaskState.KILLED) {
      tasks.find(task.id())
          .filter(killed -> killed.handle() != null)
          .ifPresent(killed -> events.publishEvent(new TaskKilled(killed.id(), killed.pool(), killed.handle())));
    }
  }

  /**
   * {@code successor} runs: the task it takes over from is killed and hands it its quota, so the
   * tenant is charged for the instance once throughout. False if {@code old} had ended meanwhile.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean handOver(Task old, Task successor, String reason) {
    if (!tasks.end(old.id(), TaskState.KILLED, reason)) {
      return false;
    }
    releaseNode(old);
    holds.releaseQuota(old.id())
        .ifPresent(
            held -> {
              if (!handQuotaTo(successor)) {
                releases.quota(held.tenantId(), quota(held.resources(), 0)); // it ended too: the quota goes back
              }
            });
    stopContainer(old, TaskState.KILLED);
    events.publishEvent(new TaskEnded(old.id(), old.tenantId(), TaskState.KILLED, reason, clock.instant()));
    return true;
  }

  /** The successor takes on the quota its predecessor gave back; false if it ended meanwhile. */
  private boolean handQuotaTo(Task successor) {
    if (!holds.takeQuota(successor.id())) {
      return false;
    }
    tasks.tookOver(successor.id());
    return true;
  }

  private void releaseNode(Task task) {
    holds.releaseNode(task.id())
        .ifPresent(
            held -> {
              if (task.reservationId() == null) { // a slot's capacity stays with its reservation
                releases.node(held.nodeId(), held.resources());
              }
              meter.reservationReleased(task.id());
            });
  }

  public static Quota quota(Resources resources, long workloads) {
    return new Quota(resources.cpuMillis(), resources.memoryMiB(), resources.gpus(), workloads);
  }
}
