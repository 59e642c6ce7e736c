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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

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
  private final TransactionTemplate transactions;

  /** Bound to a transaction that holds the metering lock shared already. */
  private static final String INTERVALS_LOCKED = "atrium.metering.intervals-locked";

  UsageMeter(MeteringStore store, ScopeStore scope, Clock clock, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
    this.transactions = new TransactionTemplate(transactions);
    this.store = store;
    this.scope = scope;
    this.clock = clock;
    this.events = events;
  }

  /** A task's reservation is now held on a node: its interval starts now. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reservationHeld(UUID tenantId, UUID taskId, Quota held) {
    lockShared();
    store.openUsage(tenantId, taskId, held, now());
  }

  /** A task's node reservation was released (or found gone): its interval ends now. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reservationReleased(UUID taskId) {
    lockShared();
    store.closeUsage(taskId, now());
  }

  /**
   * An advance reservation became ACTIVE: its whole capacity is metered from {@code from} (its start,
   * never before the sealed hours), used or not.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void bookedCapacityHeld(UUID tenantId, UUID reservationId, Quota held, Instant from) {
    lockShared();
    store.openReserved(tenantId, reservationId, held, from);
  }

  /** An advance reservation ended or was cancelled: its interval ends at {@code at} (not before it began). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void bookedCapacityReleased(UUID reservationId, Instant at) {
    lockShared();
    store.closeUsage(reservationId, at);
  }

  /** A tenant's quota took effect (on creation) or changed: the old quota interval ends, a new one starts. */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(QuotaChanged change) {
    Instant now = now();
    lockShared();
    store.closeQuota(change.tenantId(), now);
    store.openQuota(change.tenantId(), change.quota(), now);
  }

  /**
   * Rolls every open interval forward into the hourly figures, and seals the hours that have ended.
   * Does nothing when another replica is rolling at the same moment.
   *
   * <p>Sealing needs every interval past the hour's end with no open or close in flight, which only
   * the metering lock taken exclusively gives, and that pauses admissions. So the intervals are first
   * rolled in a transaction of their own beside admissions (the bulk of the work), and the exclusive
   * part then rolls only those still before the hour (opened meanwhile) and seals.
   */
  public Roll roll() {
    Roll rolled = transactions.execute(status -> rollOpen());
    if (rolled.sealedUntil().isBefore(hourOf(now()))) {
      Roll sealed = transactions.execute(status -> seal());
      return new Roll(rolled.hourRows() + sealed.hourRows(), sealed.sealedUntil());
    }
    return rolled;
  }

  private Roll rollOpen() {
    scope.platform(Actor.SYSTEM, "metering roll");
    if (!store.tryBecomeRoller()) {
      return new Roll(0, store.metered().finalUntil());
    }
    store.lockShared();
    return rolled(store.rollAll(now()));
  }

  private Roll seal() {
    scope.platform(Actor.SYSTEM, "metering seal");
    if (!store.tryBecomeRoller()) {
      return new Roll(0, store.metered().finalUntil());
    }
    Instant now = now();
    Instant hour = hourOf(now);
    if (!hour.isAfter(store.metered().finalUntil())) {
      return new Roll(0, store.metered().finalUntil()); // sealed by another replica meanwhile
    }
    store.lockExclusive(); // waits for opens and closes in flight, so none lands before the seal
    int rows = store.rollBefore(hour, now);
    store.seal(hour);
    return rolled(rows);
  }

  private Roll rolled(int rows) {
    Roll roll = new Roll(rows, store.metered().finalUntil());
    if (rows > 0) {
      events.publishEvent(new UsageRolled(roll.sealedUntil()));
    }
    return roll;
  }

  /**
   * Takes the metering lock (shared) for the rest of the transaction, before the transaction takes any
   * row lock; the opens and closes it then makes take it no more. For transactions that hold many rows
   * (a batch of admissions): taking it after them could deadlock with a seal waiting for it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void lockIntervals() {
    if (!TransactionSynchronizationManager.hasResource(INTERVALS_LOCKED)) {
      store.lockShared();
      TransactionSynchronizationManager.bindResource(INTERVALS_LOCKED, Boolean.TRUE);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(INTERVALS_LOCKED);
            }
          });
    }
  }

  private void lockShared() {
    if (!TransactionSynchronizationManager.hasResource(INTERVALS_LOCKED)) {
      store.lockShared();
    }
  }

  private static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
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
