package dev.atrium.tenancy.quota;

import static dev.atrium.db.jooq.Tables.TENANT_QUOTA;

import dev.atrium.db.jooq.tables.records.TenantQuotaRecord;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class QuotaStore {

  private final DSLContext db;

  QuotaStore(DSLContext db) {
    this.db = db;
  }

  void insert(UUID tenantId, Quota quota) {
    db.insertInto(TENANT_QUOTA)
        .set(TENANT_QUOTA.TENANT_ID, tenantId)
        .set(TENANT_QUOTA.CPU_MILLIS, quota.cpuMillis())
        .set(TENANT_QUOTA.MEMORY_MIB, quota.memoryMiB())
        .set(TENANT_QUOTA.GPUS, quota.gpus())
        .set(TENANT_QUOTA.WORKLOADS, quota.workloads())
        .execute();
  }

  Optional<QuotaUsage> find(UUID tenantId) {
    return db.selectFrom(TENANT_QUOTA).where(TENANT_QUOTA.TENANT_ID.eq(tenantId)).fetchOptional(QuotaStore::toUsage);
  }

  /**
   * Sets new limits if the row is still at {@code expectedVersion} (any version when null), in one
   * conditional UPDATE; empty when another write came first.
   */
  Optional<QuotaUsage> update(UUID tenantId, Quota quota, Long expectedVersion) {
    return db.update(TENANT_QUOTA)
        .set(TENANT_QUOTA.CPU_MILLIS, quota.cpuMillis())
        .set(TENANT_QUOTA.MEMORY_MIB, quota.memoryMiB())
        .set(TENANT_QUOTA.GPUS, quota.gpus())
        .set(TENANT_QUOTA.WORKLOADS, quota.workloads())
        .set(TENANT_QUOTA.VERSION, TENANT_QUOTA.VERSION.plus(1))
        .set(TENANT_QUOTA.UPDATED_AT, OffsetDateTime.now())
        .where(TENANT_QUOTA.TENANT_ID.eq(tenantId))
        .and(expectedVersion == null ? DSL.noCondition() : TENANT_QUOTA.VERSION.eq(expectedVersion))
        .returning()
        .fetchOptional(QuotaStore::toUsage);
  }

  private static QuotaUsage toUsage(TenantQuotaRecord r) {
    return new QuotaUsage(
        new Quota(r.getCpuMillis(), r.getMemoryMib(), r.getGpus(), r.getWorkloads()),
        new Quota(r.getUsedCpuMillis(), r.getUsedMemoryMib(), r.getUsedGpus(), r.getUsedWorkloads()),
        r.getVersion());
  }
}
