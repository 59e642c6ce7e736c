package dev.atrium.cluster.workload;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.NODE;
import static dev.atrium.db.jooq.Tables.TASK;

import dev.atrium.cluster.pool.Labels;
import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.db.jooq.tables.records.TaskRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.NewestFirst;
import dev.atrium.tenancy.page.PageRequest;
import java.util.Comparator;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Tasks in PostgreSQL. Every change of a task's state is a compare-and-set on the state it had
 * ({@code … where state = 'PENDING'}), so a task ended by a request can never be placed, launched or
 * started again by a reconciler that read it before. Releasing what a task holds is {@link
 * dev.atrium.cluster.hold.HoldStore}'s.
 */
@Repository
public class TaskStore {

  private final DSLContext db;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  TaskStore(DSLContext db, JdbcTemplate jdbc, Clock clock) {
    this.db = db;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * A new PENDING task. One that runs in a reservation draws on it, not on the quota: it holds none
   * ({@code quota_held} false).
   */
  public Task insertPending(UUID tenantId, UUID workloadId, int version, int instance, WorkloadSpec spec) {
    return insertPending(tenantId, workloadId, version, instance, 1, spec, null).get(0);
  }

  /** Written once, sent as is: one statement for all of a workload's new tasks. */
  private static final String INSERT_PENDING =
      """
      insert into task (run_id, version, reservation_id, quota_held, node_labels, tenant_id, workload_id, instance, state, pool,
                        cpu_millis, memory_mib, gpus)
      select ?, ?, ?, ?, ?::jsonb, ?, ?, i, 'PENDING', ?, ?, ?, ?
        from generate_series(?::int, ?::int) i
      returning id, instance, created_at
      """;

  /**
   * {@code count} new PENDING tasks of a workload, instances {@code first} on, in one statement.
   */
  public List<Task> insertPending(UUID tenantId, UUID workloadId, int version, int first, int count, WorkloadSpec spec) {
    return insertPending(tenantId, workloadId, version, first, count, spec, null);
  }

  /** The same, for a CRON workload's run {@code runId} if not null. */
  private List<Task> insertPending(UUID tenantId, UUID workloadId, int version, int first, int count, WorkloadSpec spec, UUID runId) {
    Resources resources = spec.resources();
    UUID reservation = spec.reservation();
    Map<String, String> labels = spec.nodeLabels() == null ? Map.of() : spec.nodeLabels();
    return jdbc.query(
        INSERT_PENDING,
        ps -> {
          ps.setObject(1, runId, java.sql.Types.OTHER);
          ps.setInt(2, version);
          ps.setObject(3, reservation, java.sql.Types.OTHER);
          ps.setBoolean(4, reservation == null);
          ps.setString(5, Labels.write(labels));
          ps.setObject(6, tenantId);
          ps.setObject(7, workloadId);
          ps.setString(8, spec.pool());
          ps.setLong(9, resources.cpuMillis());
          ps.setLong(10, resources.memoryMiB());
          ps.setLong(11, resources.gpus());
          ps.setInt(12, first);
          ps.setInt(13, first + count - 1);
        },
        (rs, row) ->
            new Task(
                rs.getObject(1, UUID.class), tenantId, workloadId, rs.getInt(2), TaskState.PENDING, spec.pool(), resources, labels,
                null, null, null, 0, rs.getObject(3, OffsetDateTime.class).toInstant(), null, null, null, reservation, null, Map.of(),
                version));
  }

  /** A task of a CRON workload's run {@code runId}. */
  Task insertPending(UUID tenantId, UUID workloadId, int version, int instance, WorkloadSpec spec, UUID runId) {
    return insertPending(tenantId, workloadId, version, instance, 1, spec, runId).get(0);
  }

  /** The tasks of a CRON workload's run, by instance. */
  public List<Task> ofRun(UUID tenantId, UUID runId) {
    return db.selectFrom(TASK).where(TASK.TENANT_ID.eq(tenantId)).and(TASK.RUN_ID.eq(runId)).orderBy(TASK.INSTANCE).fetch(TaskStore::toTask);
  }

  /**
   * What a workload shows of its tasks, for each of {@code workloadIds}: the live ones and the last
   * {@code ended} ended ones, by instance. A service that crash-loops adds a task per restart, so its
   * whole history is paged ({@link #page}) rather than shown.
   */
  public Map<UUID, List<Task>> shownOf(UUID tenantId, Collection<UUID> workloadIds, int ended) {
    Map<UUID, List<Task>> shown = new LinkedHashMap<>();
    workloadIds.forEach(id -> shown.put(id, new ArrayList<>()));
    if (workloadIds.isEmpty()) {
      return shown;
    }
    Table<?> ids = DSL.unnest(workloadIds.toArray(UUID[]::new)).as("w", "id");
    Table<?> lastEnded =
        DSL.lateral(
                DSL.selectFrom(TASK)
                    .where(TASK.WORKLOAD_ID.eq(ids.field("id", UUID.class)))
                    .and(TASK.TENANT_ID.eq(tenantId))
                    .and(TASK.ENDED_AT.isNotNull())
                    .orderBy(TASK.ENDED_AT.desc(), TASK.ID.desc())
                    .limit(ended))
            .as("t");
    List<Task> all = new ArrayList<>(db.select(lastEnded.fields()).from(ids).crossJoin(lastEnded).fetch(r -> toTask(r.into(TASK))));
    all.addAll(
        db.selectFrom(TASK)
            .where(TASK.WORKLOAD_ID.in(workloadIds))
            .and(TASK.TENANT_ID.eq(tenantId))
            .and(TASK.STATE.in(live()))
            .fetch(TaskStore::toTask));
    all.sort(Comparator.comparing(Task::instance).thenComparing(Task::createdAt));
    all.forEach(task -> shown.get(task.workloadId()).add(task));
    return shown;
  }

  /** A workload's tasks, newest first, in {@code state} if given. */
  public Page<Task> page(UUID tenantId, UUID workloadId, TaskState state, PageRequest page) {
    return Page.of(
            db.selectFrom(TASK)
                .where(TASK.WORKLOAD_ID.eq(workloadId))
                .and(TASK.TENANT_ID.eq(tenantId))
                .and(state == null ? DSL.noCondition() : TASK.STATE.eq(state.name()))
                .and(olderThan(NewestFirst.after(page)))
                .orderBy(TASK.CREATED_AT.desc(), TASK.ID.desc())
                .limit(page.limit() + 1)
                .fetch(),
            page.limit(),
            r -> NewestFirst.cursor(r.getCreatedAt(), r.getId()))
        .map(TaskStore::toTask);
  }

  public List<Task> liveOfWorkload(UUID tenantId, UUID workloadId) {
    return db.selectFrom(TASK)
        .where(TASK.WORKLOAD_ID.eq(workloadId))
        .and(TASK.TENANT_ID.eq(tenantId))
        .and(TASK.STATE.in(live()))
        .orderBy(TASK.INSTANCE)
        .fetch(TaskStore::toTask);
  }

  /**
   * Locks the task for this transaction if it is still in {@code state} and no one else is changing
   * it now; false otherwise. The reconciler never waits for a task a request is changing: it takes it
   * up again on its next round.
   */
  public boolean claim(UUID taskId, TaskState state) {
    return db.select(TASK.ID)
        .from(TASK)
        .where(TASK.ID.eq(taskId))
        .and(TASK.STATE.eq(state.name()))
        .forUpdate()
        .skipLocked()
        .fetchOptional()
        .isPresent();
  }

  /** PENDING → STAGING on its node, which now holds its resources; false if it was PENDING no more. */
  public boolean placed(UUID taskId, String nodeId) {
    return jdbc.update(PLACED, nodeId, taskId) == 1;
  }

  private static final String PLACED =
      "update task set state = 'STAGING', node_id = ?, node_held = true, reason = null where id = ? and state = 'PENDING'";

  /**
   * PENDING → STAGING in a slot of its reservation, on the slot's node; its node hold is the slot's
   * capacity, not the node's free capacity. False if it was PENDING no more.
   */
  public boolean placedInSlot(UUID taskId, String nodeId, int slot) {
    return db.update(TASK)
            .set(TASK.STATE, TaskState.STAGING.name())
            .set(TASK.NODE_ID, nodeId)
            .set(TASK.SLOT, slot)
            .set(TASK.NODE_HELD, true)
            .set(TASK.REASON, (String) null)
            .where(TASK.ID.eq(taskId))
            .and(TASK.STATE.eq(inline(TaskState.PENDING.name())))
            .execute()
        == 1;
  }

  /** The live tasks of the tenant that run in this reservation. */
  public List<Task> liveInReservation(UUID tenantId, UUID reservationId) {
    return db.selectFrom(TASK)
        .where(TASK.RESERVATION_ID.eq(reservationId))
        .and(TASK.TENANT_ID.eq(tenantId))
        .and(TASK.STATE.in(live()))
        .orderBy(TASK.WORKLOAD_ID, TASK.INSTANCE)
        .fetch(TaskStore::toTask);
  }

  /**
   * Why these PENDING tasks wait; written only where it changed, so a long queue costs no writes, and
   * never waiting for a task a request is changing.
   */
  public void waiting(Collection<UUID> taskIds, String reason) {
    db.update(TASK)
        .set(TASK.REASON, reason)
        .where(TASK.ID.in(
            DSL.select(TASK.ID)
                .from(TASK)
                .where(TASK.ID.in(taskIds))
                .and(TASK.STATE.eq(inline(TaskState.PENDING.name())))
                .and(TASK.REASON.isDistinctFrom(reason))
                .forUpdate()
                .skipLocked()))
        .execute();
  }

  /**
   * Records the engine's handle of a STAGING task; false if the task had ended meanwhile or a request
   * is changing it right now (then it is recorded on a later round, when its launch finds the same
   * container again).
   */
  public boolean launched(UUID taskId, String handle, Map<String, String> endpoints) {
    return db.update(TASK)
            .set(TASK.HANDLE, handle)
            .set(TASK.ENDPOINTS, endpoints.isEmpty() ? null : org.jooq.JSONB.valueOf(Labels.write(endpoints)))
            .where(TASK.ID.in(
                DSL.select(TASK.ID)
                    .from(TASK)
                    .where(TASK.ID.eq(taskId))
                    .and(TASK.STATE.eq(inline(TaskState.STAGING.name())))
                    .forUpdate()
                    .skipLocked()))
            .execute()
        == 1;
  }

  /** The workload's tasks of {@code version} that are live or ended at or after {@code since}. */
  public List<Task> ofVersionSince(UUID tenantId, UUID workloadId, int version, Instant since) {
    return db.selectFrom(TASK)
        .where(TASK.WORKLOAD_ID.eq(workloadId))
        .and(TASK.TENANT_ID.eq(tenantId))
        .and(TASK.VERSION.eq(version))
        .and(TASK.ENDED_AT.isNull().or(TASK.ENDED_AT.ge(since.atOffset(ZoneOffset.UTC))))
        .orderBy(TASK.ENDED_AT.desc().nullsLast(), TASK.ID.desc())
        .limit(1000)
        .fetch(TaskStore::toTask);
  }

  /** Those of {@code taskIds} that are still STAGING and not launched: what may be launched now. */
  public Set<UUID> stillToLaunch(Collection<UUID> taskIds) {
    return new HashSet<>(
        db.select(TASK.ID)
            .from(TASK)
            .where(TASK.ID.in(taskIds))
            .and(TASK.STATE.eq(inline(TaskState.STAGING.name())))
            .and(TASK.HANDLE.isNull())
            .fetch(TASK.ID));
  }

  /** STAGING → RUNNING; false if the task had moved on meanwhile. */
  public boolean running(UUID taskId) {
    return db.update(TASK)
            .set(TASK.STATE, TaskState.RUNNING.name())
            .set(TASK.STARTED_AT, now())
            .where(TASK.ID.eq(taskId))
            .and(TASK.STATE.eq(inline(TaskState.STAGING.name())))
            .execute()
        == 1;
  }

  /** Ends a live task; false if it had already ended (someone else ended it first). */
  public boolean end(UUID taskId, TaskState end, String reason) {
    return db.update(TASK)
            .set(TASK.STATE, end.name())
            .set(TASK.REASON, reason)
            .set(TASK.ENDED_AT, now())
            .where(TASK.ID.eq(taskId))
            .and(TASK.STATE.in(live()))
            .execute()
        == 1;
  }

  /**
   * The head of every tenant's queue of PENDING tasks whose backoff is over: up to {@code perTenant}
   * of each tenant's oldest, so that every tenant with pending work takes part in a round whatever
   * the others have queued.
   */
  public Map<UUID, List<Task>> pendingByTenant(int perTenant) {
    var queued =
        db.select(TASK.asterisk(), DSL.rowNumber().over(DSL.partitionBy(TASK.TENANT_ID).orderBy(TASK.CREATED_AT, TASK.ID)).as("n"))
            .from(TASK)
            .where(TASK.STATE.eq(inline(TaskState.PENDING.name())))
            .and(TASK.NOT_BEFORE.isNull().or(TASK.NOT_BEFORE.le(now())))
            .asTable("queued");
    Map<UUID, List<Task>> byTenant = new LinkedHashMap<>();
    db.selectFrom(queued)
        .where(queued.field("n", Integer.class).le(perTenant))
        .orderBy(queued.field(TASK.TENANT_ID), queued.field("n"))
        .fetch(r -> toTask(r.into(TASK)))
        .forEach(task -> byTenant.computeIfAbsent(task.tenantId(), t -> new ArrayList<>()).add(task));
    return byTenant;
  }

  /** What PENDING tasks wait for, the commonest reasons first, with how many wait for each. */
  public List<Waiting> pendingByReason(int limit) {
    var count = DSL.count();
    return db.select(TASK.REASON, count)
        .from(TASK)
        .where(TASK.STATE.eq(inline(TaskState.PENDING.name())))
        .groupBy(TASK.REASON)
        .orderBy(count.desc(), TASK.REASON)
        .limit(limit)
        .fetch(r -> new Waiting(r.value1() == null ? "not placed yet" : r.value1(), r.value2()));
  }

  /** How many tenants have PENDING tasks whose backoff is over. */
  public int tenantsWithPendingWork() {
    return db.fetchValue(
        db.select(DSL.countDistinct(TASK.TENANT_ID))
            .from(TASK)
            .where(TASK.STATE.eq(inline(TaskState.PENDING.name())))
            .and(TASK.NOT_BEFORE.isNull().or(TASK.NOT_BEFORE.le(now()))));
  }

  /** Ids of the tasks of a pool that may own something in its engine: those not ended. */
  public java.util.Set<UUID> liveIds(String pool) {
    return new java.util.HashSet<>(
        db.select(TASK.ID).from(TASK).where(TASK.POOL.eq(pool)).and(TASK.STATE.in(live())).fetch(TASK.ID));
  }

  /** Placed tasks the driver has not started yet (or whose start was cut short by a crash). */
  public List<Task> staged(String pool) {
    return db.selectFrom(TASK)
        .where(TASK.POOL.eq(pool))
        .and(TASK.STATE.eq(inline(TaskState.STAGING.name())))
        .and(TASK.HANDLE.isNull())
        .fetch(TaskStore::toTask);
  }

  public List<Task> launchedAndLive(String pool) {
    return db.selectFrom(TASK)
        .where(TASK.POOL.eq(pool))
        .and(TASK.STATE.in(TaskState.STAGING.name(), TaskState.RUNNING.name()))
        .and(TASK.HANDLE.isNotNull())
        .fetch(TaskStore::toTask);
  }

  /** A SERVICE task that failed is replaced by a new PENDING one of its version after {@code backoffSeconds}. */
  public Task replace(Task failed, long backoffSeconds) {
    Resources resources = failed.resources();
    return toTask(
        db.insertInto(TASK)
            .set(TASK.RESERVATION_ID, failed.reservationId())
            .set(TASK.QUOTA_HELD, failed.reservationId() == null)
            .set(TASK.NODE_LABELS, org.jooq.JSONB.valueOf(Labels.write(failed.nodeLabels())))
            .set(TASK.TENANT_ID, failed.tenantId())
            .set(TASK.WORKLOAD_ID, failed.workloadId())
            .set(TASK.INSTANCE, failed.instance())
            .set(TASK.STATE, TaskState.PENDING.name())
            .set(TASK.POOL, failed.pool())
            .set(TASK.CPU_MILLIS, resources.cpuMillis())
            .set(TASK.MEMORY_MIB, resources.memoryMiB())
            .set(TASK.GPUS, resources.gpus())
            .set(TASK.RESTARTS, failed.restarts() + 1)
            .set(TASK.VERSION, failed.version())
            .set(TASK.NOT_BEFORE, now().plusSeconds(backoffSeconds))
            .set(TASK.REASON, "restarting after failure (" + (failed.restarts() + 1) + ")")
            .returning()
            .fetchOne());
  }

  public Optional<Task> find(UUID tenantId, UUID workloadId, UUID taskId) {
    return db.selectFrom(TASK)
        .where(TASK.ID.eq(taskId))
        .and(TASK.WORKLOAD_ID.eq(workloadId))
        .and(TASK.TENANT_ID.eq(tenantId))
        .fetchOptional(TaskStore::toTask);
  }

  public Optional<Task> find(UUID taskId) {
    return db.selectFrom(TASK).where(TASK.ID.eq(taskId)).fetchOptional(TaskStore::toTask);
  }

  /** STAGING and RUNNING tasks on the nodes that are in {@code state} now. */
  public List<Task> liveOnNodesIn(NodeState nodeState) {
    return liveOnNodes(NODE.STATE.eq(nodeState.name()));
  }

  /** STAGING and RUNNING tasks on nodes gone from their engine. */
  public List<Task> liveOnGoneNodes() {
    return liveOnNodes(NODE.PRESENT.isFalse());
  }

  private List<Task> liveOnNodes(org.jooq.Condition nodes) {
    return db.selectFrom(TASK)
        .where(TASK.STATE.in(TaskState.STAGING.name(), TaskState.RUNNING.name()))
        .and(TASK.NODE_ID.in(DSL.select(NODE.ID).from(NODE).where(nodes)))
        .orderBy(TASK.WORKLOAD_ID, TASK.ID)
        .fetch(TaskStore::toTask);
  }

  /** Whether the node takes new tasks: READY and still in its engine. */
  public boolean nodeInService(String nodeId) {
    return db.fetchExists(NODE, NODE.ID.eq(nodeId).and(NODE.STATE.eq(inline(NodeState.READY.name()))).and(NODE.PRESENT.isTrue()));
  }

  /** The live task taking over from {@code task}, if one is under way. */
  public Optional<Task> liveSuccessorOf(Task task) {
    return db.selectFrom(TASK)
        .where(TASK.SUCCESSOR_OF.eq(task.id()))
        .and(TASK.TENANT_ID.eq(task.tenantId()))
        .and(TASK.STATE.in(live()))
        .fetchOptional(TaskStore::toTask);
  }

  /** Live tasks that are taking over from another. */
  public List<Task> successors() {
    return db.selectFrom(TASK).where(TASK.SUCCESSOR_OF.isNotNull()).and(TASK.STATE.in(live())).fetch(TaskStore::toTask);
  }

  /**
   * A PENDING task to take over from {@code old}, same instance: it holds no quota until {@code old}
   * hands its own on, so the tenant is charged once.
   */
  public Task insertSuccessor(Task old, String reason) {
    Resources resources = old.resources();
    return toTask(
        db.insertInto(TASK)
            .set(TASK.NODE_LABELS, org.jooq.JSONB.valueOf(Labels.write(old.nodeLabels())))
            .set(TASK.TENANT_ID, old.tenantId())
            .set(TASK.WORKLOAD_ID, old.workloadId())
            .set(TASK.INSTANCE, old.instance())
            .set(TASK.STATE, TaskState.PENDING.name())
            .set(TASK.POOL, old.pool())
            .set(TASK.CPU_MILLIS, resources.cpuMillis())
            .set(TASK.MEMORY_MIB, resources.memoryMiB())
            .set(TASK.GPUS, resources.gpus())
            .set(TASK.RESTARTS, old.restarts())
            .set(TASK.VERSION, old.version())
            .set(TASK.QUOTA_HELD, false)
            .set(TASK.SUCCESSOR_OF, old.id())
            .set(TASK.REASON, reason)
            .returning()
            .fetchOne());
  }

  /** The task has taken over: it is an instance like any other from now on. */
  public void tookOver(UUID taskId) {
    db.update(TASK).set(TASK.SUCCESSOR_OF, (UUID) null).where(TASK.ID.eq(taskId)).execute();
  }

  /**
   * The live states, written into the SQL rather than bound: the partial indexes on live tasks are
   * used only by statements that name their states.
   */
  static List<org.jooq.Field<String>> live() {
    return List.of(inline(TaskState.PENDING.name()), inline(TaskState.STAGING.name()), inline(TaskState.RUNNING.name()));
  }

  static Task toTask(TaskRecord r) {
    return new Task(
        r.getId(),
        r.getTenantId(),
        r.getWorkloadId(),
        r.getInstance(),
        TaskState.valueOf(r.getState()),
        r.getPool(),
        new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
        Labels.read(r.getNodeLabels().data()),
        r.getNodeId(),
        r.getHandle(),
        r.getReason(),
        r.getRestarts(),
        instant(r.getCreatedAt()),
        instant(r.getStartedAt()),
        instant(r.getEndedAt()),
        r.getSuccessorOf(),
        r.getReservationId(),
        r.getSlot(),
        r.getEndpoints() == null ? Map.of() : Labels.read(r.getEndpoints().data()),
        r.getVersion());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }


  private static Condition olderThan(NewestFirst.Key key) {
    return key == null ? DSL.noCondition() : DSL.row(TASK.CREATED_AT, TASK.ID).lt(key.at(), key.id());
  }
}
