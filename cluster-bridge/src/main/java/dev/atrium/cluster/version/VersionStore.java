package dev.atrium.cluster.version;

import static dev.atrium.db.jooq.Tables.WORKLOAD_VERSION;

import dev.atrium.cluster.column.JsonColumn;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.db.jooq.tables.records.WorkloadVersionRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import org.springframework.stereotype.Repository;

/** Workloads' versions in PostgreSQL; a version, once written, never changes. */
@Repository
public class VersionStore {

  private final DSLContext db;
  private final Clock clock;

  VersionStore(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void insert(UUID tenantId, UUID workloadId, int version, Template template, String createdBy) {
    db.insertInto(WORKLOAD_VERSION)
        .set(WORKLOAD_VERSION.WORKLOAD_ID, workloadId)
        .set(WORKLOAD_VERSION.VERSION, version)
        .set(WORKLOAD_VERSION.TENANT_ID, tenantId)
        .set(WORKLOAD_VERSION.IMAGE, template.image())
        .set(WORKLOAD_VERSION.COMMAND, JSONB.valueOf(JsonColumn.write(template.command())))
        .set(WORKLOAD_VERSION.ENV, JSONB.valueOf(JsonColumn.write(template.env())))
        .set(WORKLOAD_VERSION.CPU_MILLIS, template.resources().cpuMillis())
        .set(WORKLOAD_VERSION.MEMORY_MIB, template.resources().memoryMiB())
        .set(WORKLOAD_VERSION.GPUS, template.resources().gpus())
        .set(WORKLOAD_VERSION.HEALTH_CHECK, template.healthCheck() == null ? null : JSONB.valueOf(JsonColumn.write(template.healthCheck())))
        .set(WORKLOAD_VERSION.CREATED_BY, createdBy)
        .set(WORKLOAD_VERSION.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }

  public Optional<Version> find(UUID workloadId, int version) {
    return db.selectFrom(WORKLOAD_VERSION)
        .where(WORKLOAD_VERSION.WORKLOAD_ID.eq(workloadId))
        .and(WORKLOAD_VERSION.VERSION.eq(version))
        .fetchOptional(VersionStore::toVersion);
  }

  /** A page of the workload's versions, newest first. */
  public Page<Version> page(UUID tenantId, UUID workloadId, PageRequest page) {
    return Page.of(
        db.selectFrom(WORKLOAD_VERSION)
            .where(WORKLOAD_VERSION.WORKLOAD_ID.eq(workloadId))
            .and(WORKLOAD_VERSION.TENANT_ID.eq(tenantId))
            .and(page.after() == null ? DSL.noCondition() : WORKLOAD_VERSION.VERSION.lt(before(page.after())))
            .orderBy(WORKLOAD_VERSION.VERSION.desc())
            .limit(page.limit() + 1)
            .fetch(VersionStore::toVersion),
        page.limit(),
        v -> Integer.toString(v.version()));
  }

  private static int before(String cursor) {
    try {
      return Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw ValidationException.of("cursor", "is not a cursor of this list");
    }
  }

  /** The number the workload's next version takes. */
  public int next(UUID workloadId) {
    Integer last = db.select(DSL.max(WORKLOAD_VERSION.VERSION)).from(WORKLOAD_VERSION).where(WORKLOAD_VERSION.WORKLOAD_ID.eq(workloadId)).fetchOne().value1();
    return last == null ? 1 : last + 1;
  }

  private static Version toVersion(WorkloadVersionRecord r) {
    Template template =
        new Template(
            r.getImage(),
            JsonColumn.read(r.getCommand().data(), new TypeReference<List<String>>() {}),
            JsonColumn.read(r.getEnv().data(), new TypeReference<Map<String, String>>() {}),
            new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
            r.getHealthCheck() == null ? null : JsonColumn.read(r.getHealthCheck().data(), new TypeReference<HealthCheck>() {}));
    return new Version(r.getVersion(), template, r.getCreatedBy(), r.getCreatedAt().toInstant());
  }


}
