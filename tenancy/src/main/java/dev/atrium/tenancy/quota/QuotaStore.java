package dev.atrium.tenancy.quota;

import static dev.atrium.db.jooq.Tables.TENANT_QUOTA;

import dev.atrium.db.jooq.tables.records.TenantQuotaRecord;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class QuotaStore {

  private final DSLContext db;
  private final JdbcTemplate jdbc;

  QuotaStore(DSLContext db, JdbcTemplate jdbc) {
    this.db = db;
    this.jdbc = jdbc;
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

  /**
   * Adds {@code amount} to what the tenant holds, in one conditional UPDATE that succeeds only if
   * every resource asked for still fits under its limit; false when it does not (nothing changed).
   */
  boolean charge(UUID tenantId, Quota amount) {
    return jdbc.update(
            CHARGE,
            amount.cpuMillis(), amount.memoryMiB(), amount.gpus(), amount.workloads(),
            tenantId,
            amount.cpuMillis(), amount.cpuMillis(),
            amount.memoryMiB(), amount.memoryMiB(),
            amount.gpus(), amount.gpus(),
            amount.workloads(), amount.workloads())
        == 1;
  }

  /** Written once, sent as is: every admission charges. A resource not asked for is not checked. */
  private static final String CHARGE =
      """
      update tenant_quota
         set used_cpu_millis = used_cpu_millis + ?, used_memory_mib = used_memory_mib + ?, used_gpus = used_gpus + ?,
             used_workloads = used_workloads + ?
       where tenant_id = ?
         and (?::bigint = 0 or used_cpu_millis + ? <= cpu_millis)
         and (?::bigint = 0 or used_memory_mib + ? <= memory_mib)
         and (?::bigint = 0 or used_gpus + ? <= gpus)
         and (?::bigint = 0 or used_workloads + ? <= workloads)
      """;

  /** Adds {@code amount} whatever the limits: for capacity whose fit was checked when it was booked. */
  void chargeBooked(UUID tenantId, Quota amount) {
    db.update(TENANT_QUOTA)
        .set(TENANT_QUOTA.USED_CPU_MILLIS, TENANT_QUOTA.USED_CPU_MILLIS.plus(amount.cpuMillis()))
        .set(TENANT_QUOTA.USED_MEMORY_MIB, TENANT_QUOTA.USED_MEMORY_MIB.plus(amount.memoryMiB()))
        .set(TENANT_QUOTA.USED_GPUS, TENANT_QUOTA.USED_GPUS.plus(amount.gpus()))
        .where(TENANT_QUOTA.TENANT_ID.eq(tenantId))
        .execute();
  }

  /** The tenant's limits and usage, locked until commit: its bookings queue up behind each other. */
  Optional<QuotaUsage> lock(UUID tenantId) {
    return db.selectFrom(TENANT_QUOTA).where(TENANT_QUOTA.TENANT_ID.eq(tenantId)).forUpdate().fetchOptional(QuotaStore::toUsage);
  }

  void release(UUID tenantId, Quota amount) {
    db.update(TENANT_QUOTA)
        .set(TENANT_QUOTA.USED_CPU_MILLIS, TENANT_QUOTA.USED_CPU_MILLIS.minus(amount.cpuMillis()))
        .set(TENANT_QUOTA.USED_MEMORY_MIB, TENANT_QUOTA.USED_MEMORY_MIB.minus(amount.memoryMiB()))
        .set(TENANT_QUOTA.USED_GPUS, TENANT_QUOTA.USED_GPUS.minus(amount.gpus()))
        .set(TENANT_QUOTA.USED_WORKLOADS, TENANT_QUOTA.USED_WORKLOADS.minus(amount.workloads()))
        .where(TENANT_QUOTA.TENANT_ID.eq(tenantId))
        .execute();
  }

  /** Asking for none of a resource always fits, even where a lowered limit is below what is held. */
  private static QuotaUsage toUsage(TenantQuotaRecord r) {
    return new QuotaUsage(
        new Quota(r.getCpuMillis(), r.getMemoryMib(), r.getGpus(), r.getWorkloads()),
        new Quota(r.getUsedCpuMillis(), r.getUsedMemoryMib(), r.getUsedGpus(), r.getUsedWorkloads()),
        r.getVersion());
  }
}
