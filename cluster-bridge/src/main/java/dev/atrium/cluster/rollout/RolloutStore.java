package dev.atrium.cluster.rollout;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.TASK;
import static dev.atrium.db.jooq.Tables.WORKLOAD;

import dev.atrium.cluster.column.JsonColumn;
import dev.atrium.cluster.version.Template;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.RolloutStrategy;
import dev.atrium.cluster.workload.WorkloadStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The version and rollout columns of workloads. Every change of a rollout's state is a
 * compare-and-set on the state it had, made under the workload's row lock.
 */
@Repository
class RolloutStore {

  private final DSLContext db;
  private final Clock clock;

  RolloutStore(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * The ACTIVE workloads whose rollout is PROGRESSING, or FAILED and still to settle (short of its
   * instances, or with tasks of the failed version that do not run), after {@code after} (null: from
   * the first).
   */
  List<UUID> toStep(UUID after, int limit) {
    var live = TASK.STATE.in(TaskState.PENDING.name(), TaskState.STAGING.name(), TaskState.RUNNING.name());
    var failedToSettle =
        WORKLOAD.ROLLOUT_STATE.eq(RolloutState.FAILED.name())
            .and(DSL.field(DSL.selectCount().from(TASK).where(TASK.WORKLOAD_ID.eq(WORKLOAD.ID)).and(live).and(TASK.SUCCESSOR_OF.isNull()))
                    .lt(WORKLOAD.INSTANCES)
                .or(DSL.exists(DSL.selectOne().from(TASK).where(TASK.WORKLOAD_ID.eq(WORKLOAD.ID)).and(TASK.VERSION.eq(WORKLOAD.VERSION))
                    .and(TASK.STATE.in(TaskState.PENDING.name(), TaskState.STAGING.name())))));
    return db.select(WORKLOAD.ID)
        .from(WORKLOAD)
        .where(WORKLOAD.ROLLOUT_STATE.eq(RolloutState.PROGRESSING.name()).or(failedToSettle))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .and(after == null ? DSL.noCondition() : WORKLOAD.ID.gt(after))
        .orderBy(WORKLOAD.ID)
        .limit(limit)
        .fetch(WORKLOAD.ID);
  }

  /**
   * Locks the ACTIVE workload until commit if its rollout is PROGRESSING or FAILED and no one else
   * holds it now: empty otherwise (the reconciler takes it up again next round).
   */
  Optional<WorkloadStore.Row> lockToStepIfFree(UUID id) {
    return db.selectFrom(WORKLOAD)
        .where(WORKLOAD.ID.eq(id))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .and(WORKLOAD.ROLLOUT_STATE.in(RolloutState.PROGRESSING.name(), RolloutState.FAILED.name()))
        .forUpdate()
        .skipLocked()
        .fetchOptional(WorkloadStore::toRow);
  }

  /** Every rollout under way has its deadline start over from now. */
  void restartDeadlines() {
    db.update(WORKLOAD)
        .set(WORKLOAD.ROLLOUT_PROGRESS_AT, now())
        .where(WORKLOAD.ROLLOUT_STATE.eq(RolloutState.PROGRESSING.name()))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .execute();
  }

  /** Locks the tenant's ACTIVE workload until commit, waiting for whoever holds it. */
  Optional<WorkloadStore.Row> lock(UUID tenantId, UUID id) {
    return db.selectFrom(WORKLOAD)
        .where(WORKLOAD.ID.eq(id))
        .and(WORKLOAD.TENANT_ID.eq(tenantId))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .forUpdate()
        .fetchOptional(WorkloadStore::toRow);
  }

  /**
   * The workload, at version {@code from} (a compare-and-set: false if it is not), now runs {@code
   * template} as {@code version}, having run {@code previous}; its rollout starts over in {@code
   * state} (PROGRESSING, or COMPLETE for work that is not rolled out).
   */
  boolean runVersion(UUID id, int from, int version, int previous, Template template, RolloutState state) {
    return db.update(WORKLOAD)
        .set(WORKLOAD.IMAGE, template.image())
        .set(WORKLOAD.COMMAND, JSONB.valueOf(JsonColumn.write(template.command())))
        .set(WORKLOAD.ENV, JSONB.valueOf(JsonColumn.write(template.env())))
        .set(WORKLOAD.CPU_MILLIS, template.resources().cpuMillis())
        .set(WORKLOAD.MEMORY_MIB, template.resources().memoryMiB())
        .set(WORKLOAD.GPUS, template.resources().gpus())
        .set(WORKLOAD.HEALTH_CHECK, template.healthCheck() == null ? null : JSONB.valueOf(JsonColumn.write(template.healthCheck())))
        .set(WORKLOAD.VERSION, version)
        .set(WORKLOAD.PREVIOUS_VERSION, previous)
        .set(WORKLOAD.ROLLOUT_STATE, state.name())
        .set(WORKLOAD.ROLLOUT_REASON, (String) null)
        .set(WORKLOAD.ROLLOUT_WITHOUT_SURGE, false)
        .set(WORKLOAD.ROLLOUT_PROGRESS_AT, now())
        .set(WORKLOAD.ROLLOUT_UPDATED, 0)
        .where(WORKLOAD.ID.eq(id))
        .and(WORKLOAD.VERSION.eq(from))
        .execute()
        == 1;
  }

  void strategy(UUID id, RolloutStrategy strategy) {
    db.update(WORKLOAD)
        .set(WORKLOAD.MAX_SURGE, strategy.maxSurge())
        .set(WORKLOAD.MAX_UNAVAILABLE, strategy.maxUnavailable())
        .where(WORKLOAD.ID.eq(id))
        .execute();
  }

  /**
   * The rollout moves from {@code from} to {@code to} with {@code reason} (a compare-and-set: false if
   * it was in {@code from} no more). Resuming counts as progress: the deadline starts over.
   */
  boolean move(UUID id, RolloutState from, RolloutState to, String reason) {
    var update = db.update(WORKLOAD).set(WORKLOAD.ROLLOUT_STATE, to.name()).set(WORKLOAD.ROLLOUT_REASON, reason);
    if (to == RolloutState.PROGRESSING) {
      update = update.set(WORKLOAD.ROLLOUT_PROGRESS_AT, now());
    }
    if (to == RolloutState.COMPLETE) {
      update = update.set(WORKLOAD.ROLLOUT_WITHOUT_SURGE, false);
    }
    return update.where(WORKLOAD.ID.eq(id)).and(WORKLOAD.ROLLOUT_STATE.eq(from.name())).execute() == 1;
  }

  /** {@code updated} tasks of {@code version} run now, more than before: its rollout progressed. */
  void progressed(UUID id, int version, int updated) {
    db.update(WORKLOAD)
        .set(WORKLOAD.ROLLOUT_UPDATED, updated)
        .set(WORKLOAD.ROLLOUT_PROGRESS_AT, now())
        .where(progressing(id, version))
        .execute();
  }

  /** The quota has no room for a surge: the rest of the rollout of {@code version} replaces one task at a time. */
  void withoutSurge(UUID id, int version, String reason) {
    db.update(WORKLOAD).set(WORKLOAD.ROLLOUT_WITHOUT_SURGE, true).set(WORKLOAD.ROLLOUT_REASON, reason).where(progressing(id, version)).execute();
  }

  /** Why the rollout of {@code version}, under way, waits, if it does. */
  void reason(UUID id, int version, String reason) {
    db.update(WORKLOAD)
        .set(WORKLOAD.ROLLOUT_REASON, reason)
        .where(progressing(id, version))
        .and(WORKLOAD.ROLLOUT_REASON.isDistinctFrom(reason))
        .execute();
  }

  /** The workload, while it rolls {@code version} out: these updates are compare-and-sets on both. */
  private static org.jooq.Condition progressing(UUID id, int version) {
    return WORKLOAD.ID.eq(id).and(WORKLOAD.VERSION.eq(version)).and(WORKLOAD.ROLLOUT_STATE.eq(RolloutState.PROGRESSING.name()));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

}
