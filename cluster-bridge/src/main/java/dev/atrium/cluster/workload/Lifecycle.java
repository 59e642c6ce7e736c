package dev.atrium.cluster.workload;

import dev.atrium.cluster.placement.Placement;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaLedger;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The moves of a task's life that change what it holds, each inside the caller's transaction:
 * placing it on a node, starting it, and ending it, which gives back its node and its quota exactly
 * once (a failed SERVICE task hands its quota on to the task that replaces it). The node hold is the
 * reservation that is metered: from placing to release, LOST tasks until they are found gone.
 */
@Component
public class Lifecycle {

  /** Seconds before a failed service task is placed again, doubling per restart up to five minutes. */
  static long backoffSeconds(int restarts) {
    return Math.min(300, 1L << Math.min(restarts, 9));
  }

  private final TaskStore tasks;
  private final Fleet fleet;
  private final QuotaLedger ledger;
  private final Placement placement;
  private final UsageMeter meter;
  private final ApplicationEventPublisher events;

  Lifecycle(
      TaskStore tasks,
      Fleet fleet,
      QuotaLedger ledger,
      Placement placement,
      UsageMeter meter,
      ApplicationEventPublisher events) {
    this.tasks = tasks;
    this.fleet = fleet;
    this.ledger = ledger;
    this.placement = placement;
    this.meter = meter;
    this.events = events;
  }

  /** Places a pending task, or records why it waits; true when placed. */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean place(Task task) {
    Optional<String> node = placement.place(task);
    if (node.isPresent()) {
      tasks.placed(task.id(), node.get());
      meter.reservationHeld(task.tenantId(), task.id(), quota(task.resources(), 0));
      events.publishEvent(new TaskPlaced(task.id(), task.tenantId(), node.get()));
      return true;
    }
    tasks.waiting(task.id(), placement.whyNot(task));
    return false;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void started(Task task) {
    if (tasks.running(task.id())) {
      events.publishEvent(new TaskStarted(task.id(), task.tenantId(), task.resources(), Instant.now()));
    }
  }

  /**
   * Ends a live task and gives back what it held. With {@code restart} (a SERVICE task that failed
   * or exited) a new PENDING task takes its place and keeps its quota.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void end(Task task, TaskState end, String reason, boolean restart) {
    if (!tasks.end(task.id(), end, reason)) {
      return; // someone else ended it first, and released its holds
    }
    tasks.releaseNode(task.id())
        .ifPresent(
            held -> {
              fleet.free(held.nodeId(), held.resources());
              meter.reservationReleased(task.id());
            });
    tasks.releaseQuota(task.id())
        .ifPresent(
            held -> {
              if (restart) {
                tasks.replace(task, backoffSeconds(task.restarts()));
              } else {
                ledger.release(held.tenantId(), quota(held.resources(), 0));
              }
            });
    events.publishEvent(new TaskEnded(task.id(), task.tenantId(), end, reason, Instant.now()));
  }

  static Quota quota(Resources resources, long workloads) {
    return new Quota(resources.cpuMillis(), resources.memoryMiB(), resources.gpus(), workloads);
  }
}
