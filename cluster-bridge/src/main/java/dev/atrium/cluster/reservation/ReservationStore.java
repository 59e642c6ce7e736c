package dev.atrium.cluster.reservation;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.NODE;
import static dev.atrium.db.jooq.Tables.RESERVATION;
import static dev.atrium.db.jooq.Tables.RESERVATION_SLOT;
import static dev.atrium.db.jooq.Tables.TASK;
import static dev.atrium.db.jooq.Tables.TENANT;

import dev.atrium.cluster.pool.Labels;
import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.db.jooq.tables.records.ReservationRecord;
import dev.atrium.tenancy.page.NewestFirst;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record7;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Reservations and their slots in PostgreSQL. Every change of a reservation's state is a
 * compare-and-set on the state it had. Slots name no tenant, so a booking sees what every other
 * booking keeps on a node; a node's {@code booked_*} columns keep the peak of its slots from now on,
 * which placement counts as taken.
 */
@Repository
public class ReservationStore {

  private final DSLContext db;

  ReservationStore(DSLContext db) {
    this.db = db;
  }

  Reservation insert(UUID tenantId, NewReservation r, List<String> slotNodes) {
    ReservationRecord row =
        db.insertInto(RESERVATION)
            .set(RESERVATION.TENANT_ID, tenantId)
            .set(RESERVATION.NAME, r.name())
            .set(RESERVATION.POOL, r.pool())
            .set(RESERVATION.CPU_MILLIS, r.resources().cpuMillis())
            .set(RESERVATION.MEMORY_MIB, r.resources().memoryMiB())
            .set(RESERVATION.GPUS, r.resources().gpus())
            .set(RESERVATION.INSTANCES, r.instances())
            .set(RESERVATION.NODE_LABELS, JSONB.valueOf(Labels.write(r.nodeLabels())))
            .set(RESERVATION.STARTS_AT, at(r.start()))
            .set(RESERVATION.ENDS_AT, at(r.end()))
            .returning()
            .fetchOne();
    var insert = db.insertInto(RESERVATION_SLOT,
        RESERVATION_SLOT.RESERVATION_ID, RESERVATION_SLOT.INSTANCE, RESERVATION_SLOT.NODE_ID,
        RESERVATION_SLOT.CPU_MILLIS, RESERVATION_SLOT.MEMORY_MIB, RESERVATION_SLOT.GPUS,
        RESERVATION_SLOT.STARTS_AT, RESERVATION_SLOT.ENDS_AT);
    for (int i = 0; i < slotNodes.size(); i++) {
      insert = insert.values(row.getId(), i, slotNodes.get(i), r.resources().cpuMillis(), r.resources().memoryMiB(),
          r.resources().gpus(), at(r.start()), at(r.end()));
    }
    insert.execute();
    return toReservation(row, slotsOf(row.getId()));
  }

  /** The tenant's reservation with this id. The tenant is in the condition as well as in RLS. */
  public Optional<Reservation> find(UUID tenantId, UUID id) {
    return db.selectFrom(RESERVATION)
        .where(RESERVATION.ID.eq(id))
        .and(RESERVATION.TENANT_ID.eq(tenantId))
        .fetchOptional(r -> toReservation(r, slotsOf(r.getId())));
  }

  /** Locks the reservation until commit, so that a cancel and the reconciler's steps queue up. */
  Optional<Reservation> lock(UUID tenantId, UUID id) {
    return db.selectFrom(RESERVATION)
        .where(RESERVATION.ID.eq(id))
        .and(RESERVATION.TENANT_ID.eq(tenantId))
        .forUpdate()
        .fetchOptional(r -> toReservation(r, slotsOf(r.getId())));
  }

  /** The reservation if no one else is changing it now; empty otherwise (the reconciler comes back). */
  Optional<Reservation> claim(UUID id, ReservationState state) {
    return db.selectFrom(RESERVATION)
        .where(RESERVATION.ID.eq(id))
        .and(RESERVATION.STATE.eq(state.name()))
        .forUpdate()
        .skipLocked()
        .fetchOptional(r -> toReservation(r, slotsOf(r.getId())));
  }

  /** The tenant's reservations, newest first. */
  Page<Reservation> page(UUID tenantId, PageRequest page) {
    NewestFirst.Key after = NewestFirst.after(page);
    Condition older = after == null ? DSL.noCondition() : DSL.row(RESERVATION.CREATED_AT, RESERVATION.ID).lt(after.at(), after.id());
    return Page.of(
            db.selectFrom(RESERVATION)
                .where(RESERVATION.TENANT_ID.eq(tenantId))
                .and(older)
                .orderBy(RESERVATION.CREATED_AT.desc(), RESERVATION.ID.desc())
                .limit(page.limit() + 1)
                .fetch(),
            page.limit(),
            r -> NewestFirst.cursor(r.getCreatedAt(), r.getId()))
        .map(r -> toReservation(r, slotsOf(r.getId())));
  }

  /** Every tenant's reservations whose window overlaps {@code [from, to)}, by start, with their tenants' slugs. */
  List<Reservation.OfTenant> overlapping(Instant from, Instant to) {
    return db.select(RESERVATION.asterisk(), TENANT.SLUG)
        .from(RESERVATION)
        .join(TENANT).on(TENANT.ID.eq(RESERVATION.TENANT_ID))
        .where(RESERVATION.STARTS_AT.lt(at(to)))
        .and(RESERVATION.ENDS_AT.gt(at(from)))
        .orderBy(RESERVATION.STARTS_AT, RESERVATION.ID)
        .limit(10_000)
        .fetch(r -> new Reservation.OfTenant(r.get(TENANT.SLUG), toReservation(r.into(RESERVATION), slotsOf(r.get(RESERVATION.ID)))));
  }

  /** What the tenant's BOOKED and ACTIVE reservations keep over {@code [from, to)}, one entry each. */
  List<Booked> tenantBookings(UUID tenantId, Instant from, Instant to) {
    return db.selectFrom(RESERVATION)
        .where(RESERVATION.TENANT_ID.eq(tenantId))
        .and(RESERVATION.STATE.in(ReservationState.BOOKED.name(), ReservationState.ACTIVE.name()))
        .and(RESERVATION.STARTS_AT.lt(at(to)))
        .and(RESERVATION.ENDS_AT.gt(at(from)))
        .fetch(r -> new Booked(
            new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()).times(r.getInstances()),
            r.getStartsAt().toInstant(),
            r.getEndsAt().toInstant()));
  }

  /** What the tenant's ACTIVE reservations hold now (charged to its quota usage). */
  Resources activeNow(UUID tenantId) {
    return db.selectFrom(RESERVATION)
        .where(RESERVATION.TENANT_ID.eq(tenantId))
        .and(RESERVATION.QUOTA_HELD.isTrue())
        .fetch(r -> new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()).times(r.getInstances()))
        .stream()
        .reduce(Resources.NONE, Resources::plus);
  }

  /**
   * Serialises the bookings of one pool, so two cannot both take the last room on a node. An advisory
   * lock rather than the pool's row: the reconciler's inventory writes that row and must not wait.
   */
  void lockPool(String pool) {
    db.fetch("select pg_advisory_xact_lock(hashtext('atrium.booking:' || ?))", pool);
  }

  /**
   * The pool's READY nodes that carry {@code labels}, each with what is kept on it from {@code now}
   * on: its allocation (as if it never ended) and its slots. {@code lock}: only these nodes, locked
   * until commit, in id order.
   */
  List<NodeRoom> rooms(String pool, Map<String, String> labels, Instant now, Collection<String> lock) {
    var query =
        db.select(NODE.ID, NODE.CPU_MILLIS, NODE.MEMORY_MIB, NODE.GPUS, NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_GPUS)
            .from(NODE)
            .where(NODE.POOL.eq(pool))
            .and(NODE.STATE.eq(inline(NodeState.READY.name())))
            .and(NODE.PRESENT.isTrue())
            .and(labels == null || labels.isEmpty() ? DSL.noCondition() : DSL.condition("{0} @> {1}::jsonb", NODE.LABELS, DSL.val(Labels.write(labels))))
            .and(lock == null ? DSL.noCondition() : NODE.ID.in(lock))
            .orderBy(NODE.ID.collate("C")); // the order Releases locks nodes in: no deadlock between them
    var rows = lock == null ? query.fetch() : query.forUpdate().of(NODE).fetch();
    Map<String, List<Booked>> slots = slotsOn(rows.map(r -> r.value1()), now);
    return rows.map(r -> room(r, slots));
  }

  /**
   * The READY node with what is kept on it, locked until commit unless another transaction is
   * changing it now (empty then, as when it is not READY).
   */
  Optional<NodeRoom> lockRoomIfFree(String nodeId, Instant now) {
    return db.select(NODE.ID, NODE.CPU_MILLIS, NODE.MEMORY_MIB, NODE.GPUS, NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_GPUS)
        .from(NODE)
        .where(NODE.ID.eq(nodeId))
        .and(NODE.STATE.eq(inline(NodeState.READY.name())))
        .and(NODE.PRESENT.isTrue())
        .forUpdate()
        .skipLocked()
        .fetchOptional(r -> room(r, slotsOn(List.of(nodeId), now)));
  }

  private static NodeRoom room(Record7<String, Long, Long, Long, Long, Long, Long> r, Map<String, List<Booked>> slots) {
    return new NodeRoom(
        r.value1(),
        new Resources(r.value2(), r.value3(), r.value4()),
        new Resources(r.value5(), r.value6(), r.value7()),
        slots.getOrDefault(r.value1(), List.of()));
  }

  /** Allocates {@code need} on the node whatever is booked there: for work known to end before. */
  void allocate(String nodeId, Resources need) {
    db.update(NODE)
        .set(NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_CPU_MILLIS.plus(need.cpuMillis()))
        .set(NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_MEMORY_MIB.plus(need.memoryMiB()))
        .set(NODE.ALLOC_GPUS, NODE.ALLOC_GPUS.plus(need.gpus()))
        .where(NODE.ID.eq(nodeId))
        .execute();
  }

  /** The slots on these nodes that have not ended by {@code now}. */
  private Map<String, List<Booked>> slotsOn(Collection<String> nodeIds, Instant now) {
    Map<String, List<Booked>> byNode = new HashMap<>();
    db.selectFrom(RESERVATION_SLOT)
        .where(RESERVATION_SLOT.NODE_ID.in(nodeIds))
        .and(RESERVATION_SLOT.ENDS_AT.gt(at(now)))
        .forEach(s -> byNode.computeIfAbsent(s.getNodeId(), n -> new ArrayList<>())
            .add(new Booked(new Resources(s.getCpuMillis(), s.getMemoryMib(), s.getGpus()), s.getStartsAt().toInstant(), s.getEndsAt().toInstant())));
    return byNode;
  }

  /**
   * Sets each node's booked capacity to the peak of its slots from {@code now} on. The nodes are
   * locked first, so that a booking on them meanwhile is either counted or waits for this to commit.
   */
  void recomputeBooked(Collection<String> nodeIds, Instant now) {
    db.select(NODE.ID).from(NODE).where(NODE.ID.in(nodeIds)).orderBy(NODE.ID.collate("C")).forUpdate().fetch();
    Map<String, List<Booked>> slots = slotsOn(nodeIds, now);
    for (String node : nodeIds.stream().distinct().sorted().toList()) {
      Resources peak = Booked.peak(slots.getOrDefault(node, List.of()), now, Instant.MAX);
      db.update(NODE)
          .set(NODE.BOOKED_CPU_MILLIS, peak.cpuMillis())
          .set(NODE.BOOKED_MEMORY_MIB, peak.memoryMiB())
          .set(NODE.BOOKED_GPUS, peak.gpus())
          .where(NODE.ID.eq(node))
          .execute();
    }
  }

  /** Gives the reservation's slots back; answers the nodes they were on. */
  List<String> deleteSlots(UUID reservationId) {
    return db.deleteFrom(RESERVATION_SLOT).where(RESERVATION_SLOT.RESERVATION_ID.eq(reservationId)).returning(RESERVATION_SLOT.NODE_ID).fetch(RESERVATION_SLOT.NODE_ID);
  }

  /** Ids of reservations due to start by {@code now} (BOOKED) or to end (BOOKED or ACTIVE). */
  List<UUID> due(ReservationState state, Instant now) {
    var column = state == ReservationState.BOOKED ? RESERVATION.STARTS_AT : RESERVATION.ENDS_AT;
    return db.select(RESERVATION.ID).from(RESERVATION).where(RESERVATION.STATE.eq(state.name())).and(column.le(at(now))).orderBy(column).fetch(RESERVATION.ID);
  }

  /** ACTIVE reservations ending by {@code by} whose tenant has not been warned yet. */
  List<UUID> dueToWarn(Instant by) {
    return db.select(RESERVATION.ID).from(RESERVATION)
        .where(RESERVATION.STATE.eq(inline(ReservationState.ACTIVE.name())))
        .and(RESERVATION.ENDS_AT.le(at(by)))
        .and(RESERVATION.WARNED_AT.isNull())
        .fetch(RESERVATION.ID);
  }

  /** Records the warning once; false if it was given already or the reservation is no longer ACTIVE. */
  boolean warn(UUID id, String reason, Instant now) {
    return db.update(RESERVATION)
            .set(RESERVATION.WARNED_AT, at(now))
            .set(RESERVATION.REASON, reason)
            .where(RESERVATION.ID.eq(id))
            .and(RESERVATION.STATE.eq(inline(ReservationState.ACTIVE.name())))
            .and(RESERVATION.WARNED_AT.isNull())
            .execute()
        == 1;
  }

  /** Compare-and-set of the state. */
  boolean move(UUID id, ReservationState from, ReservationState to, String reason, Instant now) {
    return db.update(RESERVATION)
            .set(RESERVATION.STATE, to.name())
            .set(RESERVATION.REASON, reason)
            .set(RESERVATION.ENDED_AT, to.over() ? at(now) : null)
            .where(RESERVATION.ID.eq(id))
            .and(RESERVATION.STATE.eq(from.name()))
            .execute()
        == 1;
  }

  /** Marks the reservation as holding its tenant's quota; false if it did already. */
  boolean holdQuota(UUID id) {
    return db.update(RESERVATION).set(RESERVATION.QUOTA_HELD, true).where(RESERVATION.ID.eq(id)).and(RESERVATION.QUOTA_HELD.isFalse()).execute() == 1;
  }

  /** Whether it held its tenant's quota, and no longer does (true exactly once per activation). */
  boolean releaseQuota(UUID id) {
    return db.update(RESERVATION).set(RESERVATION.QUOTA_HELD, false).where(RESERVATION.ID.eq(id)).and(RESERVATION.QUOTA_HELD.isTrue()).execute() == 1;
  }

  /** Whether the reservation is over (ENDED or CANCELLED) or gone. */
  boolean over(UUID id) {
    return db.select(RESERVATION.STATE).from(RESERVATION).where(RESERVATION.ID.eq(id))
        .fetchOptional(r -> ReservationState.valueOf(r.value1()).over())
        .orElse(true);
  }

  /** The slots of the reservation on nodes in service in which no live task runs, in order. */
  List<Reservation.Slot> freeSlots(UUID reservationId) {
    // Only slots on nodes in service: a task is not placed again and again on a node that is down.
    return db.selectFrom(RESERVATION_SLOT)
        .where(RESERVATION_SLOT.RESERVATION_ID.eq(reservationId))
        .and(RESERVATION_SLOT.NODE_ID.in(
            DSL.select(NODE.ID).from(NODE).where(NODE.STATE.eq(inline(NodeState.READY.name()))).and(NODE.PRESENT.isTrue())))
        .andNotExists(
            DSL.selectOne()
                .from(TASK)
                .where(TASK.RESERVATION_ID.eq(reservationId))
                .and(TASK.SLOT.eq(RESERVATION_SLOT.INSTANCE))
                .and(TASK.STATE.in(inline("PENDING"), inline("STAGING"), inline("RUNNING"))))
        .orderBy(RESERVATION_SLOT.INSTANCE)
        .fetch(s -> new Reservation.Slot(s.getInstance(), s.getNodeId()));
  }

  private List<Reservation.Slot> slotsOf(UUID reservationId) {
    return db.selectFrom(RESERVATION_SLOT)
        .where(RESERVATION_SLOT.RESERVATION_ID.eq(reservationId))
        .orderBy(RESERVATION_SLOT.INSTANCE)
        .fetch(s -> new Reservation.Slot(s.getInstance(), s.getNodeId()));
  }

  private static Reservation toReservation(ReservationRecord r, List<Reservation.Slot> slots) {
    return new Reservation(
        r.getId(),
        r.getTenantId(),
        r.getName(),
        r.getPool(),
        new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
        r.getInstances(),
        Labels.read(r.getNodeLabels().data()),
        r.getStartsAt().toInstant(),
        r.getEndsAt().toInstant(),
        ReservationState.valueOf(r.getState()),
        r.getReason(),
        r.getCreatedAt().toInstant(),
        slots);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
