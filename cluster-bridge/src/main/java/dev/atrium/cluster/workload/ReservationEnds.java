package dev.atrium.cluster.workload;

import dev.atrium.cluster.reservation.ReservationFinished;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a reservation ends or is cancelled, the tasks still running in it are stopped, in the same
 * transaction: nothing runs in capacity no longer kept for it.
 */
@Component
class ReservationEnds {

  private final TaskStore tasks;
  private final Lifecycle lifecycle;

  ReservationEnds(TaskStore tasks, Lifecycle lifecycle) {
    this.tasks = tasks;
    this.lifecycle = lifecycle;
  }

  @EventListener
  void stopWhatRunsIn(ReservationFinished finished) {
    for (Task task : tasks.liveInReservation(finished.tenantId(), finished.reservationId())) {
      lifecycle.end(task, TaskState.KILLED, "its reservation is over: " + finished.reason(), false);
    }
  }
}
