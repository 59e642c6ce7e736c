package dev.atrium.tenancy.quota;

import static dev.atrium.db.jooq.Tables.TENANT_QUOTA;

import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
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
    return db.selectFrom(TENANT_QUOTA)
        .where(TENANT_QUOTA.TENANT_ID.eq(tenantId))
        .fetchOptional(
            r ->
                new QuotaUsage(
                    new Quota(r.getCpuMillis(), r.getMemoryMib(), r.getGpus(), r.getWorkloads()),
                    new Quota(
                        r.getUsedCpuMillis(), r.getUsedMemoryMib(), r.getUsedGpus(), r.getUsedWorkloads())));
  }
}
