package dev.atrium.cluster.cron;

import static dev.atrium.db.jooq.Tables.CRON_RUN;
import static dev.atrium.db.jooq.Tables.TASK;

import dev.atrium.tenancy.page.NewestFirst;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Runs of CRON workloads in PostgreSQL. A scheduled instant has at most one row (a unique index on
 * the workload and the instant, runs started by hand apart); a run changes state only from RUNNING,
 * as a compare-and-set.
 */
@Repository
class CronRunStore {

  /** The ids of a run's tasks, by instance. */
  private static final Field<UUID[]> TASK_IDS =
      DSL.field(DSL.select(DSL.arrayAgg(TASK.ID).orderBy(TASK.INSTANCE, TASK.CREATED_AT)).from(TASK).where(TASK.RUN_ID.eq(CRON_RUN.ID))).as("task_ids");

  private final DSLContext db;

  CronRunStore(DSLContext db) {
    this.db = db;
  }

  /**
   * Records a run; empty if a run is recorded for that scheduled instant already (a replica whose
   * clock is behind may come to an instant again): it is not recorded twice.
   */
  java.util.Optional<UUID> insert(
      UUID tenantId, UUID workloadId, Instant scheduledAt, boolean manual, RunState state, Instant startedAt, Instant endedAt, String reason) {
    return db.insertInto(CRON_RUN)
        .set(CRON_RUN.TENANT_ID, tenantId)
        .set(CRON_RUN.WORKLOAD_ID, workloadId)
        .set(CRON_RUN.SCHEDULED_AT, at(scheduledAt))
        .set(CRON_RUN.MANUAL, manual)
        .set(CRON_RUN.STATE, state.name())
        .set(CRON_RUN.STARTED_AT, at(startedAt))
        .set(CRON_RUN.ENDED_AT, at(endedAt))
        .set(CRON_RUN.REASON, reason)
        .onConflict(CRON_RUN.WORKLOAD_ID, CRON_RUN.SCHEDULED_AT)
        .where(CRON_RUN.MANUAL.isFalse())
        .doNothing()
        .returning(CRON_RUN.ID)
        .fetchOptional(CRON_RUN.ID);
  }

  /** Ends a RUNNING run; false if it is not RUNNING any more. */
  boolean end(UUID id, RunState to, String reason, Instant now) {
    return db.update(CRON_RUN)
            .set(CRON_RUN.STATE, to.name())
            .set(CRON_RUN.REASON, reason)
            .set(CRON_RUN.ENDED_AT, at(now))
            .where(CRON_RUN.ID.eq(id))
            .and(CRON_RUN.STATE.eq(RunState.RUNNING.name()))
            .execute()
        == 1;
  }

  /** The workload's RUNNING runs, oldest first. */
  List<CronRun> running(UUID tenantId, UUID workloadId) {
    return select()
        .where(CRON_RUN.TENANT_ID.eq(tenantId))
        .and(CRON_RUN.WORKLOAD_ID.eq(workloadId))
        .and(CRON_RUN.STATE.eq(RunState.RUNNING.name()))
        .orderBy(CRON_RUN.SCHEDULED_AT, CRON_RUN.ID)
        .fetch(CronRunStore::toRun);
  }

  /** RUNNING runs of every tenant (the reconciler's view), at most {@code limit}, oldest first. */
  List<RunKey> running(int limit) {
    return db.select(CRON_RUN.ID, CRON_RUN.TENANT_ID)
        .from(CRON_RUN)
        .where(CRON_RUN.STATE.eq(RunState.RUNNING.name()))
        .orderBy(CRON_RUN.SCHEDULED_AT)
        .limit(limit)
        .fetch(r -> new RunKey(r.value1(), r.value2()));
  }

  /** The run, locked until commit, while it is RUNNING; empty if it is over. */
  java.util.Optional<CronRun> lockRunning(UUID tenantId, UUID id) {
    return select()
        .where(CRON_RUN.TENANT_ID.eq(tenantId))
        .and(CRON_RUN.ID.eq(id))
        .and(CRON_RUN.STATE.eq(RunState.RUNNING.name()))
        .forUpdate()
        .of(CRON_RUN)
        .fetchOptional(CronRunStore::toRun);
  }

  java.util.Optional<CronRun> find(UUID tenantId, UUID id) {
    return select().where(CRON_RUN.TENANT_ID.eq(tenantId)).and(CRON_RUN.ID.eq(id)).fetchOptional(CronRunStore::toRun);
  }

  /** The workload's runs, the latest scheduled first. */
  Page<CronRun> page(UUID tenantId, UUID workloadId, PageRequest page) {
    NewestFirst.Key after = NewestFirst.after(page);
    Condition before = after == null ? DSL.noCondition() : DSL.row(CRON_RUN.SCHEDULED_AT, CRON_RUN.ID).lt(after.at(), after.id());
    return Page.of(
        select()
            .where(CRON_RUN.TENANT_ID.eq(tenantId))
            .and(CRON_RUN.WORKLOAD_ID.eq(workloadId))
            .and(before)
            .orderBy(CRON_RUN.SCHEDULED_AT.desc(), CRON_RUN.ID.desc())
            .limit(page.limit() + 1)
            .fetch(CronRunStore::toRun),
        page.limit(),
        r -> NewestFirst.cursor(at(r.scheduledAt()), r.id()));
  }

  /** The latest run of each of the workloads that has one. */
  Map<UUID, CronRun> latest(UUID tenantId, Collection<UUID> workloadIds) {
    return db.select(Arrays.asList(CRON_RUN.fields()))
        .select(TASK_IDS)
        .distinctOn(CRON_RUN.WORKLOAD_ID)
        .from(CRON_RUN)
        .where(CRON_RUN.TENANT_ID.eq(tenantId))
        .and(CRON_RUN.WORKLOAD_ID.in(workloadIds))
        .orderBy(CRON_RUN.WORKLOAD_ID, CRON_RUN.SCHEDULED_AT.desc(), CRON_RUN.ID.desc())
        .fetch(CronRunStore::toRun)
        .stream()
        .collect(java.util.stream.Collectors.toMap(CronRun::workloadId, r -> r));
  }

  private org.jooq.SelectJoinStep<Record> select() {
    return db.select(Arrays.asList(CRON_RUN.fields())).select(TASK_IDS).from(CRON_RUN);
  }

  private static CronRun toRun(Record r) {
    UUID[] tasks = r.get(TASK_IDS);
    return new CronRun(
        r.get(CRON_RUN.ID),
        r.get(CRON_RUN.WORKLOAD_ID),
        r.get(CRON_RUN.SCHEDULED_AT).toInstant(),
        r.get(CRON_RUN.MANUAL),
        RunState.valueOf(r.get(CRON_RUN.STATE)),
        instant(r.get(CRON_RUN.STARTED_AT)),
        instant(r.get(CRON_RUN.ENDED_AT)),
        r.get(CRON_RUN.REASON),
        tasks == null ? List.of() : List.of(tasks));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime at(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}
