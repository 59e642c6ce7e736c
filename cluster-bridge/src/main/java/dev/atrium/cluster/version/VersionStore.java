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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Workloads' versions in PostgreSQL; a version, once written, never changes. */
@Repository
public class VersionStore {

  private final DSLContext db;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  VersionStore(DSLContext db, JdbcTemplate jdbc, Clock clock) {
    this.db = db;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void insert(UUID tenantId, UUID workloadId, int version, Template template, String createdBy) {
    jdbc.update(
        INSERT,
        ps -> {
          ps.setObject(1, workloadId);
          ps.setInt(2, version);
          ps.setObject(3, tenantId);
          ps.setString(4, template.image());
          ps.setString(5, JsonColumn.write(template.command()));
          ps.setString(6, JsonColumn.write(template.env()));
          ps.setLong(7, template.resources().cpuMillis());
          ps.setLong(8, template.resources().memoryMiB());
          ps.setLong(9, template.resources().gpus());
          ps.setString(10, template.healthCheck() == null ? null : JsonColumn.write(template.healthCheck()));
          ps.setString(11, createdBy);
          ps.setObject(12, OffsetDateTime.now(clock));
        });
  }

  /** Written once, sent as is: every admission records its workload's version 1. */
  private static final String INSERT =
      """
      insert into workload_version (workload_id, version, tenant_id, image, command, env, cpu_millis, memory_mib, gpus, health_check,
                                    created_by, created_at)
      values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)
      """;

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
