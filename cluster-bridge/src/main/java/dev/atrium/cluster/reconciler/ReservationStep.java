package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.reservation.ReservationTimes;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Reservations whose window begins become ACTIVE; ten minutes before their end their tenant is
 * warned; those whose window is over are ENDED. One transaction each.
 */
@Component
class ReservationStep {

  private final ReservationTimes times;
  private final SystemWork work;

  ReservationStep(ReservationTimes times, SystemWork work) {
    this.times = times;
    this.work = work;
  }

  void run() {
    for (UUID id : work.inTransaction("find reservations that start", times::dueToStart)) {
      work.inTransaction("start reservation " + id, () -> times.start(id));
    }
    for (UUID id : work.inTransaction("find reservations that end soon", times::dueToWarn)) {
      work.inTransaction("warn of reservation's end " + id, () -> times.warn(id));
    }
    for (UUID id : work.inTransaction("find reservations that end", times::dueToEnd)) {
      work.inTransaction("end reservation " + id, () -> times.end(id));
    }
  }
}
