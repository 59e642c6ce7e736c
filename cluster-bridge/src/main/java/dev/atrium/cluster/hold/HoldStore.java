package dev.atrium.cluster.hold;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.TASK;

import dev.atrium.cluster.pool.Resources;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The holds a task takes: capacity on its node ({@code node_held}) from placement, and its tenant's
 * quota ({@code quota_held}) from admission, each until its end. A hold is released by flipping its
 * flag from true to false: only the one update that flips it gets the amounts back, so each hold is
 * released exactly once however many reconcilers, requests or restarts race.
 */
@Repository
public class HoldStore {

  /** What a released hold gave back. */
  public record Held(UUID tenantId, String nodeId, Resources resources) {}

  private final DSLContext db;

  HoldStore(DSLContext db) {
    this.db = db;
  }

  public Optional<Held> releaseNode(UUID taskId) {
    return db.update(TASK)
        .set(TASK.NODE_HELD, false)
        .where(TASK.ID.eq(taskId))
        .and(TASK.NODE_HELD.isTrue())
        .returning(TASK.TENANT_ID, TASK.NODE_ID, TASK.CPU_MILLIS, TASK.MEMORY_MIB, TASK.GPUS)
        .fetchOptional(r -> new Held(r.getTenantId(), r.getNodeId(), new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus())));
  }

  public Optional<Held> releaseQuota(UUID taskId) {
    return db.update(TASK)
        .set(TASK.QUOTA_HELD, false)
        .where(TASK.ID.eq(taskId))
        .and(TASK.QUOTA_HELD.isTrue())
        .returning(TASK.TENANT_ID, TASK.NODE_ID, TASK.CPU_MILLIS, TASK.MEMORY_MIB, TASK.GPUS)
        .fetchOptional(r -> new Held(r.getTenantId(), r.getNodeId(), new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus())));
  }

  /**
   * The task takes on the quota that the task it took over from gave back; false if it is no longer
   * live (then that quota goes back to the tenant).
   */
  public boolean takeQuota(UUID taskId) {
    return db.update(TASK)
            .set(TASK.QUOTA_HELD, true)
            .where(TASK.ID.eq(taskId))
            .and(TASK.QUOTA_HELD.isFalse())
            .and(TASK.STATE.in(inline("PENDING"), inline("STAGING"), inline("RUNNING")))
            .execute()
        == 1;
  }

  /** What each tenant holds on nodes now: the measure of fairness between tenants. */
  public Map<UUID, Resources> byTenant() {
    return db.select(TASK.TENANT_ID, DSL.sum(TASK.CPU_MILLIS), DSL.sum(TASK.MEMORY_MIB), DSL.sum(TASK.GPUS))
        .from(TASK)
        .where(TASK.NODE_HELD.isTrue())
        .groupBy(TASK.TENANT_ID)
        .fetchMap(
            r -> r.value1(),
            r -> new Resources(r.value2().longValue(), r.value3().longValue(), r.value4().longValue()));
  }

}
