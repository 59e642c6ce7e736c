package dev.atrium.cluster.reservation;

import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.cluster.pool.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What workloads need of reservations: the one a workload names, locked while its tasks are admitted
 * into it, and a free slot for a task. A slot is free while no live task of the reservation is in it.
 */
@Service
public class ReservationUse {

  private final ReservationStore store;

  ReservationUse(ReservationStore store) {
    this.store = store;
  }

  /**
   * The tenant's reservation a workload names, locked until commit so that admissions into it and
   * its end queue up; 404 if the tenant has none with this id, 409 unless it is ACTIVE.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Reservation forAdmission(UUID tenantId, String slug, UUID id) {
    Reservation r = store.lock(tenantId, id).orElseThrow(() -> new NotFoundException("No reservation " + id + " in tenant " + slug + "."));
    if (r.state() != ReservationState.ACTIVE) {
      throw new ConflictException(
          "Reservation " + r.name() + " is " + r.state() + (r.state() == ReservationState.BOOKED ? " until " + r.start() : "")
              + "; workloads run in a reservation while it is ACTIVE.");
    }
    return r;
  }

  /**
   * The reservation, ACTIVE and locked until commit, for the reconciler to start another task in it;
   * empty if it is not ACTIVE or someone else is changing it now (the reconciler comes back next round).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Reservation> activeIfFree(UUID id) {
    return store.claim(id, ReservationState.ACTIVE);
  }

  /**
   * Whether {@code instances} more of {@code each} would run in the reservation now: it is ACTIVE, in
   * that pool, each fits a slot, and enough slots are free. Reads and locks nothing.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public DryRun dryRun(
      UUID tenantId, String slug, UUID id, String pool, Resources each, int instances) {
    Reservation r = store.find(tenantId, id).orElseThrow(() -> new NotFoundException("No reservation " + id + " in tenant " + slug + "."));
    if (r.state() != ReservationState.ACTIVE) {
      return DryRun.no("reservation " + r.name() + " is " + r.state() + "; workloads run in it while it is ACTIVE",
          r.state() == ReservationState.BOOKED ? r.start() : null);
    }
    if (!r.pool().equals(pool) || !each.fitsIn(r.resources())) {
      return DryRun.no("each instance must fit a slot of reservation " + r.name() + " in pool " + r.pool(), null);
    }
    List<Reservation.Slot> free = store.freeSlots(id);
    if (free.size() < instances) {
      return DryRun.no("reservation " + r.name() + " has " + free.size() + " free slots of " + r.instances(), null);
    }
    List<DryRun.Placed> placed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      placed.add(new DryRun.Placed(i, free.get(i).nodeId()));
    }
    return new DryRun(true, placed, null, null);
  }

  /** Whether the reservation is over: its tasks are not placed any more. */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean over(UUID reservationId) {
    return store.over(reservationId);
  }

  /**
   * A free slot of the reservation, if it is ACTIVE and no one else is changing it now (the
   * reservation is locked until commit, so two tasks never take the same slot).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Reservation.Slot> freeSlot(UUID reservationId) {
    return store.claim(reservationId, ReservationState.ACTIVE).flatMap(r -> store.freeSlots(reservationId).stream().findFirst());
  }
}
