package dev.atrium.tenancy.metering;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Meters what tenants hold, per second: a task's node reservation from the moment it is held until
 * it is released, and each tenant's quota. Opening and closing happen inside the transaction that
 * takes or releases the hold, so an interval is closed exactly once, whatever restarts or recovers.
 *
 * <p>Hours are sealed when a roll crosses their end: from then on nothing is added to them, so their
 * rows are final and exports of them never change.
 */
@Service
public class UsageMeter {

  private final MeteringStore store;
  private final ScopeStore scope;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  UsageMeter(MeteringStore store, ScopeStore scope, Clock clock, ApplicationEventPublisher events) {
    this.store = store;
    this.scope = scope;
    this.clock = clock;
    this.events = events;
  }

  /** A task's reservation is now held on a node: its interval starts now. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reservationHeld(UUID tenantId, UUID taskId, Quota held) {
    store.lockShared();
    store.openUsage(tenantId, taskId, held, now());
  }

  /** A task's node reservation was released (or found gone): its interval ends now. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reservationReleased(UUID taskId) {
    store.lockShared();
    store.closeUsage(taskId, now());
  }

  /**
   * An advance reservation became ACTIVE: its whole capacity is metered from {@code from} (its start,
   * never before the sealed hours), used or not.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void bookedCapacityHeld(UUID tenantId, UUID reservationId, Quota held, Instant from) {
    store.lockShared();
    store.openReserved(tenantId, reservationId, held, from);
  }

  /** An advance reservation ended or was cancelled: its interval ends at {@code at} (not before it began). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void bookedCapacityReleased(UUID reservationId, Instant at) {
    store.lockShared();
    store.closeUsage(reservationId, at);
  }

  /** A tenant's quota took effect (on creation) or changed: the old quota interval ends, a new one starts. */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(QuotaChanged change) {
    Instant now = now();
    store.lockShared();
    store.closeQuota(change.tenantId(), now);
    store.openQuota(change.tenantId(), change.quota(), now);
  }

  /**
   * Rolls every open interval forward into the hourly figures, and seals the hours that have ended.
   * Does nothing when another replica is rolling at the same moment.
   */
  @Transactional
  public Roll roll() {
    scope.platform(Actor.SYSTEM, "metering roll");
    if (!store.tryBecomeRoller()) {
      return new Roll(0, store.metered().finalUntil());
    }
    Instant now = now();
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    boolean sealing = hour.isAfter(store.metered().finalUntil());
    if (sealing) {
      store.lockExclusive(); // waits for opens and closes in flight, so none lands before the seal
    } else {
      store.lockShared();
    }
    int rows = store.rollAll(now);
    if (sealing) {
      store.seal(hour);
    }
    Roll roll = new Roll(rows, store.metered().finalUntil());
    if (rows > 0) {
      events.publishEvent(new UsageRolled(roll.sealedUntil()));
    }
    return roll;
  }

  /** The tenant's quota as it was over {@code [from, to)}, step by step (the caller checked access). */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public java.util.List<QuotaStep> quotaSteps(java.util.UUID tenantId, Instant from, Instant to) {
    return store.quotaSteps(tenantId, from, to);
  }

  /** How far the figures reach: which periods are final, and up to when the others are counted. */
  @Transactional(readOnly = true)
  public Metered metered() {
    return store.metered();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** What a roll did: hour rows written, and how far hours are sealed now. */
  public record Roll(int hourRows, Instant sealedUntil) {}
}
