package dev.atrium.cluster.reservation;

import dev.atrium.cluster.hold.Releases;
import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.pool.RequestRules;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.RowScope;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaLedger;
import dev.atrium.tenancy.quota.QuotaUsage;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Advance reservations: a tenant books capacity for a window and gets it. Booking checks, in one
 * transaction, the tenant's quota at every instant of the window (its other reservations included)
 * and the pool's room at every instant (every other booking and the work on its nodes included), and
 * gives each instance a slot on a node. Bookings of one tenant queue on its quota row, bookings of
 * one pool on its pool row, so no number of them at once can double-book a slot or a quota.
 */
@Service
public class ReservationService {

  static final Duration MAX_WINDOW = Duration.ofDays(90);
  static final Duration MAX_AHEAD = Duration.ofDays(365);
  static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

  private final ReservationStore store;
  private final TenantAccess access;
  private final QuotaLedger ledger;
  private final Releases releases;
  private final AuditLog audit;
  private final Fleet fleet;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final CapacityCheck capacity;
  private final RowScope scope;
  private final UsageMeter meter;
  private final ClusterMetrics metrics;
  private final TransactionTemplate transaction;

  ReservationService(
      ReservationStore store,
      TenantAccess access,
      QuotaLedger ledger,
      Releases releases,
      AuditLog audit,
      Fleet fleet,
      Clock clock,
      ApplicationEventPublisher events,
      CapacityCheck capacity,
      RowScope scope,
      UsageMeter meter,
      ClusterMetrics metrics,
      TransactionTemplate transaction) {
    this.metrics = metrics;
    this.transaction = transaction;
    this.scope = scope;
    this.meter = meter;
    this.events = events;
    this.capacity = capacity;
    this.store = store;
    this.access = access;
    this.ledger = ledger;
    this.releases = releases;
    this.audit = audit;
    this.fleet = fleet;
    this.clock = clock;
  }

  /** Books it, in a transaction of its own (or the caller's), counted as an admission of kind {@code reservation}. */
  public Reservation book(Actor actor, String slug, NewReservation request) {
    return metrics.admission("reservation", () -> transaction.execute(status -> bookNow(actor, slug, request)));
  }

  private Reservation bookNow(Actor actor, String slug, NewReservation request) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    if (tenant.state() == TenantState.SUSPENDED) {
      throw new TenantSuspendedException(slug);
    }
    Instant now = clock.instant();
    check(request, now);
    NewReservation r = request.nodeLabels() == null ? withLabels(request, Map.of()) : request;
    // Locks in the order releases take them (nodes, then the tenant's quota), so the two never deadlock.
    store.lockPool(r.pool());
    List<String> slots = slotsFor(r, now);
    checkQuotaOverTime(tenant, r, now);
    Reservation booked = store.insert(tenant.id(), r, slots);
    store.recomputeBooked(slots, now);
    audit.record(actor, tenant, "reservation.book", "reservation/" + booked.id(), null, describe(booked));
    events.publishEvent(new ReservationChanged(tenant.id()));
    return booked;
  }

  @Transactional(readOnly = true)
  public Page<Reservation> list(Actor actor, String slug, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return store.page(tenant.id(), page);
  }

  @Transactional(readOnly = true)
  public Reservation get(Actor actor, String slug, UUID id) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return store.find(tenant.id(), id).orElseThrow(() -> notFound(id, slug));
  }

  /** Platform admins: every tenant's reservations overlapping {@code [from, to)} (default: the next 14 days). */
  @Transactional(readOnly = true)
  public List<Reservation.OfTenant> all(Actor actor, Instant from, Instant to) {
    if (!actor.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin sees every tenant's reservations.");
    }
    new Validator().time(from, "from").throwIfInvalid();
    Instant start = from == null ? clock.instant() : from;
    Instant until = to == null ? start.plus(Duration.ofDays(14)) : to;
    new Validator()
        .time(start, "from")
        .time(until, "to")
        .require(!Validator.storable(start) || !Validator.storable(until) || until.isAfter(start), "to", "must be after from")
        .throwIfInvalid();
    scope.platform(actor, "read every tenant's reservations");
    return store.overlapping(start, until);
  }

  /** Cancels a BOOKED or ACTIVE reservation: its slots are free at once, its quota given back. */
  @Transactional
  public Reservation cancel(Actor actor, String slug, UUID id) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    Reservation before = store.lock(tenant.id(), id).orElseThrow(() -> notFound(id, slug));
    if (before.state().over()) {
      throw new ConflictException("Reservation " + before.name() + " is " + before.state() + " already; only a BOOKED or ACTIVE one can be cancelled.");
    }
    finish(before, ReservationState.CANCELLED, "cancelled by " + actor.identity().username());
    Reservation after = store.find(tenant.id(), id).orElseThrow();
    audit.record(actor, tenant, "reservation.cancel", "reservation/" + id, describe(before), describe(after));
    return after;
  }

  /**
   * Ends a reservation (ENDED at its end, CANCELLED by its tenant): state first, as a compare-and-set,
   * then what runs in it is stopped ({@link ReservationFinished}) and what it held is given back
   * exactly once: its tenant's quota, its slots and the nodes' booked capacity. Safe to repeat after a crash: each part finds nothing left to give back.
   */
  void finish(Reservation r, ReservationState to, String reason) {
    Instant now = clock.instant();
    if (!store.move(r.id(), r.state(), to, reason, now)) {
      return; // finished by someone else
    }
    events.publishEvent(new ReservationFinished(r.id(), r.tenantId(), reason));
    events.publishEvent(new ReservationChanged(r.tenantId()));
    if (store.releaseQuota(r.id())) {
      releases.quota(r.tenantId(), quota(r.total()));
      // Metered to its end at most, however late the reconciler comes to end it.
      meter.bookedCapacityReleased(r.id(), now.isAfter(r.end()) ? r.end() : now);
    }
    store.recomputeBooked(store.deleteSlots(r.id()), now);
  }

  /** Activates a BOOKED reservation whose window has begun: its capacity now counts in its tenant's quota usage. */
  void activate(Reservation r) {
    if (store.move(r.id(), ReservationState.BOOKED, ReservationState.ACTIVE, null, clock.instant()) && store.holdQuota(r.id())) {
      ledger.chargeBooked(r.tenantId(), quota(r.total()));
      // Metered from its start, however late the reconciler comes to start it.
      meter.bookedCapacityHeld(r.tenantId(), r.id(), quota(r.total()), r.start());
      events.publishEvent(new ReservationChanged(r.tenantId()));
    }
  }

  private void checkQuotaOverTime(Tenant tenant, NewReservation r, Instant now) {
    QuotaUsage usage = ledger.lock(tenant.id());
    QuotaExceededException exceeded =
        quotaOverTime(tenant, usage, r.resources(), r.instances(), r.start(), r.end(), now, store.tenantBookings(tenant.id(), r.start(), r.end()));
    if (exceeded != null) {
      throw exceeded;
    }
  }

  /**
   * Whether {@code instances} of {@code each} for {@code [start, end)} fit the tenant's quota at every
   * instant, its other reservations included (and what its tasks hold now, for a window that starts
   * now); null if they do, else the refusal naming the first instant they would not.
   */
  private QuotaExceededException quotaOverTime(
      Tenant tenant, QuotaUsage usage, Resources each, int instances, Instant start, Instant end, Instant now, List<Booked> bookings) {
    Resources limit = resources(usage.quota());
    Resources base =
        start.isAfter(now.plus(PAST_TOLERANCE)) ? Resources.NONE : resources(usage.usage()).minus(store.activeNow(tenant.id()));
    List<Booked> others = bookings.stream().filter(b -> b.start().isBefore(end) && b.end().isAfter(start)).toList();
    Resources asked = each.times(instances);
    TreeSet<Instant> instants = new TreeSet<>();
    instants.add(start);
    others.stream().map(Booked::start).filter(s -> s.isAfter(start) && s.isBefore(end)).forEach(instants::add);
    for (Instant at : instants) {
      Resources held = base;
      for (Booked other : others) {
        if (other.covers(at)) {
          held = held.plus(other.resources());
        }
      }
      Resources after = held.plus(asked);
      if (after.cpuMillis() > limit.cpuMillis()) {
        return new QuotaExceededException(tenant.slug(), "cpuMillis", asked.cpuMillis(), Math.max(0, limit.cpuMillis() - held.cpuMillis()), at);
      }
      if (after.memoryMiB() > limit.memoryMiB()) {
        return new QuotaExceededException(tenant.slug(), "memoryMiB", asked.memoryMiB(), Math.max(0, limit.memoryMiB() - held.memoryMiB()), at);
      }
      if (after.gpus() > limit.gpus()) {
        return new QuotaExceededException(tenant.slug(), "gpus", asked.gpus(), Math.max(0, limit.gpus() - held.gpus()), at);
      }
    }
    return null;
  }

  /**
   * The first windows (at most {@code max}) of {@code length} between {@code from} and {@code to} in
   * which {@code instances} of {@code each} fit both the tenant's quota and the pool.
   */
  @Transactional(readOnly = true)
  public List<Instant> availability(
      Actor actor, String slug, String pool, Map<String, String> labels, Resources each, Integer instances, Duration length, Instant from, Instant to) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    Instant now = clock.instant();
    new Validator().time(from, "from").time(to, "to").throwIfInvalid();
    Instant start = from == null ? now : from;
    Instant until = to == null ? start.plus(MAX_WINDOW) : to;
    Validator v = new Validator();
    RequestRules.checkShape(v, each, instances, labels);
    RequestRules.checkPool(v, pool, fleet);
    v.require(length != null, "duration", "is required, e.g. PT4H");
    v.time(start, "from").time(until, "to");
    if (length != null) {
      v.require(!length.isNegative() && !length.isZero(), "duration", "must be positive");
      v.require(length.compareTo(MAX_WINDOW) <= 0, "duration", "must be at most 90 days");
    }
    if (Validator.storable(start) && Validator.storable(until)) {
      v.require(until.isAfter(start), "to", "must be after from");
      v.require(!start.isBefore(now.minus(PAST_TOLERANCE)), "from", "must not be in the past");
      v.require(!until.isAfter(now.plus(MAX_AHEAD).plus(MAX_WINDOW)), "to", "must be at most 455 days ahead");
    }
    v.throwIfInvalid();
    QuotaUsage usage = ledger.read(tenant.id());
    // Read once: every window tried lies within [start, until).
    List<Booked> tenantBookings = store.tenantBookings(tenant.id(), start, until);
    return capacity.starts(
        pool, labels, each, instances, start, until, length, tenantBookings.stream().map(Booked::end).toList(),
        at -> quotaOverTime(tenant, usage, each, instances, at, at.plus(length), now, tenantBookings) == null, 10);
  }

  /** The pool's free room over {@code [from, to)}, for a tenant choosing when to book. */
  @Transactional(readOnly = true)
  public List<CapacityCheck.Room> roomOverTime(Actor actor, String slug, String pool, Instant from, Instant to) {
    access.enter(actor, slug, TenantAccess.Need.READ);
    return roomOverTime(pool, from, to);
  }

  /** The pool's free room over {@code [from, to)}, under every tenant's reservations on the fleet time line. */
  @Transactional(readOnly = true)
  public List<CapacityCheck.Room> roomOverTime(Actor actor, String pool, Instant from, Instant to) {
    if (!actor.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin sees the fleet's room.");
    }
    return roomOverTime(pool, from, to);
  }

  private List<CapacityCheck.Room> roomOverTime(String pool, Instant from, Instant to) {
    Validator v = new Validator();
    RequestRules.checkPool(v, pool, fleet);
    v.time(from, "from").time(to, "to");
    v.require(from != null && to != null && to.isAfter(from), "to", "must be after from");
    v.throwIfInvalid();
    return capacity.roomOverTime(pool, from, to);
  }

  /**
   * A node for each instance. The nodes chosen are locked and checked again, so that a task placed on
   * one meanwhile cannot leave a slot short; if one was, the choice is made again.
   */
  private List<String> slotsFor(NewReservation r, Instant now) {
    for (int attempt = 0; attempt < 3; attempt++) {
      List<NodeRoom> rooms = store.rooms(r.pool(), r.nodeLabels(), now, null);
      List<String> chosen = NodeRoom.assignUpTo(rooms, r.resources(), r.instances(), r.start(), r.end());
      if (chosen.size() < r.instances()) {
        throw unavailable(r, rooms, chosen.size());
      }
      List<NodeRoom> locked = store.rooms(r.pool(), r.nodeLabels(), now, chosen);
      if (NodeRoom.holds(locked, chosen, r.resources(), r.start(), r.end())) {
        return chosen;
      }
    }
    throw new CapacityUnavailableException("Pool " + r.pool() + " is changing too fast to book now; try again.", null);
  }

  private CapacityUnavailableException unavailable(NewReservation r, List<NodeRoom> rooms, int fitting) {
    Duration length = Duration.between(r.start(), r.end());
    Instant earliest = CapacityCheck.earliest(rooms, r.resources(), r.instances(), r.start(), length);
    String each = dev.atrium.cluster.pool.Amounts.of(r.resources());
    String detail =
        "Pool " + r.pool() + " has room for " + fitting + " of the " + r.instances() + " instances of " + each
            + " from " + r.start() + " to " + r.end() + ", counting other reservations and the work running there"
            + (earliest == null ? "; no window of the same length fits within a year: ask for fewer or smaller instances." : "; the same " + length + " fits from " + earliest + ".");
    return new CapacityUnavailableException(detail, earliest);
  }

  private void check(NewReservation r, Instant now) {
    Validator v = new Validator();
    RequestRules.checkName(v, r.name());
    RequestRules.checkShape(v, r.resources(), r.instances(), r.nodeLabels());
    RequestRules.checkPool(v, r.pool(), fleet);
    v.require(r.start() != null, "start", "is required, an RFC 3339 time such as 2026-12-01T08:00:00Z");
    v.require(r.end() != null, "end", "is required, an RFC 3339 time such as 2026-12-01T20:00:00Z");
    v.time(r.start(), "start").time(r.end(), "end");
    if (r.start() != null && r.end() != null && Validator.storable(r.start()) && Validator.storable(r.end())) {
      v.require(r.end().isAfter(r.start()), "end", "must be after start");
      v.require(!r.start().isBefore(now.minus(PAST_TOLERANCE)), "start", "must not be in the past");
      v.require(!r.end().isAfter(r.start().plus(MAX_WINDOW)), "end", "must be at most 90 days after start");
      v.require(!r.start().isAfter(now.plus(MAX_AHEAD)), "start", "must be at most 365 days ahead");
    }
    v.throwIfInvalid();
  }

  private static NewReservation withLabels(NewReservation r, Map<String, String> labels) {
    return new NewReservation(r.name(), r.pool(), r.resources(), r.instances(), r.start(), r.end(), labels);
  }

  static Quota quota(Resources r) {
    return new Quota(r.cpuMillis(), r.memoryMiB(), r.gpus(), 0);
  }

  private static Resources resources(Quota q) {
    return new Resources(q.cpuMillis(), q.memoryMiB(), q.gpus());
  }

  static Map<String, Object> describe(Reservation r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", r.name());
    d.put("pool", r.pool());
    d.put("resources", r.resources());
    d.put("instances", r.instances());
    d.put("start", r.start().toString());
    d.put("end", r.end().toString());
    d.put("state", r.state().name());
    d.put("slots", new ArrayList<>(r.slots().stream().map(s -> s.instance() + "@" + s.nodeId()).toList()));
    return d;
  }

  private static NotFoundException notFound(UUID id, String slug) {
    return new NotFoundException("No reservation " + id + " in tenant " + slug + ".");
  }
}
