package dev.atrium.cluster.reservation;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.tenant.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the clock does to reservations, run by the reconciler in its own transactions: at {@code
 * start} a BOOKED reservation becomes ACTIVE (its capacity now counts in its tenant's quota usage),
 * at {@code end} it is ENDED and gives everything back. A reservation a request is changing right now
 * is left for the next round.
 */
@Service
public class ReservationTimes {

  private final ReservationStore store;
  private final ReservationService reservations;
  private final TenantService tenants;
  private final AuditLog audit;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  ReservationTimes(
      ReservationStore store,
      ReservationService reservations,
      TenantService tenants,
      AuditLog audit,
      Clock clock,
      ApplicationEventPublisher events) {
    this.events = events;
    this.store = store;
    this.reservations = reservations;
    this.tenants = tenants;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> dueToStart() {
    return store.due(ReservationState.BOOKED, clock.instant());
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> dueToEnd() {
    return store.due(ReservationState.ACTIVE, clock.instant());
  }

  /** How long before its end the tenant's people are told that what runs in a reservation will stop. */
  public static final Duration WARNING = Duration.ofMinutes(10);

  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> dueToWarn() {
    return store.dueToWarn(clock.instant().plus(WARNING));
  }

  /** Says, once, on the reservation (and so in the portal), that it ends soon and what that means. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void warn(UUID id) {
    store.claim(id, ReservationState.ACTIVE).ifPresent(r -> {
      if (store.warn(id, "ends at " + r.end() + ": tasks still running in it are stopped then", clock.instant())) {
        events.publishEvent(new ReservationChanged(r.tenantId()));
      }
    });
  }

  /** Activates the reservation, or ends it straight away if its whole window has passed meanwhile. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void start(UUID id) {
    store.claim(id, ReservationState.BOOKED).ifPresent(r -> {
      if (!r.end().isAfter(clock.instant())) {
        end(r);
        return;
      }
      reservations.activate(r);
      record(r, "reservation.activate");
    });
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void end(UUID id) {
    store.claim(id, ReservationState.ACTIVE).ifPresent(this::end);
  }

  private void end(Reservation r) {
    reservations.finish(r, ReservationState.ENDED, "its window ended at " + r.end());
    record(r, "reservation.end");
  }

  private void record(Reservation before, String action) {
    Reservation after = store.find(before.tenantId(), before.id()).orElseThrow();
    tenants.find(before.tenantId()).ifPresent(tenant ->
        audit.record(Actor.SYSTEM, tenant, action, "reservation/" + before.id(), ReservationService.describe(before), ReservationService.describe(after)));
  }
}
