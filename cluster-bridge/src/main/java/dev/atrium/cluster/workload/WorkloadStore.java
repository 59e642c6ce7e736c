package dev.atrium.cluster.workload;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.WORKLOAD;

import dev.atrium.cluster.column.JsonColumn;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.db.jooq.tables.records.WorkloadRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.NewestFirst;
import dev.atrium.tenancy.page.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import java.sql.Types;

/** Workloads in PostgreSQL; row-level security limits them to the transaction's tenant. */
@Repository
public class WorkloadStore {

  /**
   * {@code nextRunAt}: a CRON workload's next scheduled instant not yet recorded as a run (null when
   * its schedule never comes due again, and for the other kinds); {@code nextRunWaiting}: why that
   * run has not started yet. {@code rollout}: its versions and where the rollout of the current one
   * is; {@code spec} is the current version's.
   */
  public record Row(
      UUID id, UUID tenantId, WorkloadSpec spec, String state, java.time.Instant createdAt, java.time.Instant nextRunAt, String nextRunWaiting,
      Rollout rollout) {}

  private final DSLContext db;
  private final JdbcTemplate jdbc;
  private final java.time.Clock clock;

  WorkloadStore(DSLContext db, JdbcTemplate jdbc, java.time.Clock clock) {
    this.db = db;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Written once, sent as is: admission inserts a workload per request. */
  private static final String INSERT =
      """
      insert into workload (tenant_id, name, kind, image, command, env, cpu_millis, memory_mib, gpus, instances, pool,
                            node_labels, duration_seconds, reservation_id, schedule, time_zone, concurrency_policy,
                            starting_deadline_seconds, suspended, next_run_at, health_check, spread_by, ports, max_surge,
                            max_unavailable)
      values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?)
      returning id, created_at
      """;

  /** A new ACTIVE workload at its version 1; what the database chose (id, time) is all that is read back. */
  Row insert(UUID tenantId, WorkloadSpec spec, java.time.Instant nextRunAt) {
    CronSpec cron = spec.cron();
    return jdbc.query(
        INSERT,
        ps -> {
          ps.setObject(1, tenantId);
          ps.setString(2, spec.name());
          ps.setString(3, spec.kind().name());
          ps.setString(4, spec.image());
          ps.setString(5, JsonColumn.write(spec.command()));
          ps.setString(6, JsonColumn.write(spec.env()));
          ps.setLong(7, spec.resources().cpuMillis());
          ps.setLong(8, spec.resources().memoryMiB());
          ps.setLong(9, spec.resources().gpus());
          ps.setInt(10, spec.instances());
          ps.setString(11, spec.pool());
          ps.setString(12, JsonColumn.write(spec.nodeLabels()));
          ps.setObject(13, spec.durationSeconds(), Types.BIGINT);
          ps.setObject(14, spec.reservation(), Types.OTHER);
          ps.setString(15, cron == null ? null : cron.schedule());
          ps.setString(16, cron == null ? null : cron.timeZone());
          ps.setString(17, cron == null ? null : cron.concurrencyPolicy().name());
          ps.setObject(18, cron == null ? null : cron.startingDeadlineSeconds(), Types.BIGINT);
          ps.setBoolean(19, cron != null && cron.isSuspended());
          ps.setObject(20, at(nextRunAt), Types.TIMESTAMP_WITH_TIMEZONE);
          ps.setString(21, spec.healthCheck() == null ? null : JsonColumn.write(spec.healthCheck()));
          ps.setString(22, spec.spreadBy());
          ps.setString(23, JsonColumn.write(spec.ports() == null ? List.of() : spec.ports()));
          ps.setInt(24, spec.rollout().maxSurge());
          ps.setInt(25, spec.rollout().maxUnavailable());
        },
        rs -> {
          rs.next();
          return new Row(
              rs.getObject(1, UUID.class), tenantId, spec, "ACTIVE", rs.getObject(2, OffsetDateTime.class).toInstant(), nextRunAt, null,
              Rollout.FIRST);
        });
  }

  /**
   * The tenant's ACTIVE workload with this id. The tenant is in the condition although row-level
   * security filters too: a database that skips RLS (a superuser connection) must not mix tenants.
   */
  public Optional<Row> find(UUID tenantId, UUID id) {
    return db.selectFrom(WORKLOAD).where(active(tenantId, id)).fetchOptional(WorkloadStore::toRow);
  }

  /** Locks the workload until commit, so that concurrent scale and delete requests queue up. */
  Optional<Row> lock(UUID tenantId, UUID id) {
    return db.selectFrom(WORKLOAD).where(active(tenantId, id)).forUpdate().fetchOptional(WorkloadStore::toRow);
  }

  private static Condition active(UUID tenantId, UUID id) {
    return WORKLOAD.ID.eq(id).and(WORKLOAD.TENANT_ID.eq(tenantId)).and(WORKLOAD.STATE.eq(inline("ACTIVE")));
  }

  /**
   * Share-locks the workload for this transaction unless a request is changing it right now: empty
   * then (the reconciler comes back to it next round), else whether it is ACTIVE. While held, it can be
   * neither deleted nor scaled, so a replacement task is never added to a workload being deleted.
   */
  public Optional<Boolean> holdIfFree(UUID id) {
    return db.select(WORKLOAD.STATE)
        .from(WORKLOAD)
        .where(WORKLOAD.ID.eq(id))
        .forShare()
        .skipLocked()
        .fetchOptional(r -> "ACTIVE".equals(r.value1()));
  }

  boolean nameTaken(UUID tenantId, String name) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from workload where tenant_id = ? and name = ? and state = 'ACTIVE')", Boolean.class, tenantId, name));
  }

  /** The tenant's ACTIVE workloads, newest first, after the one {@code after} names. */
  Page<Row> page(UUID tenantId, PageRequest page) {
    return Page.of(
        db.selectFrom(WORKLOAD)
            .where(WORKLOAD.TENANT_ID.eq(tenantId))
            .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
            .and(olderThan(NewestFirst.after(page)))
            .orderBy(WORKLOAD.CREATED_AT.desc(), WORKLOAD.ID.desc())
            .limit(page.limit() + 1)
            .fetch(),
        page.limit(),
        r -> NewestFirst.cursor(r.getCreatedAt(), r.getId()))
        .map(WorkloadStore::toRow);
  }

  void setInstances(UUID id, int instances) {
    db.update(WORKLOAD).set(WORKLOAD.INSTANCES, instances).where(WORKLOAD.ID.eq(id)).execute();
  }

  /** A CRON workload with a run due, and when; the key of a page of them. */
  public record Due(UUID id, java.time.Instant nextRunAt) {}

  /**
   * CRON workloads with a run due by {@code now}, not suspended, the most overdue first, after {@code
   * after} (null: from the first): every one is reached however many wait on their quota.
   */
  public List<Due> cronDue(java.time.Instant now, Due after, int limit) {
    return db.select(WORKLOAD.ID, WORKLOAD.NEXT_RUN_AT)
        .from(WORKLOAD)
        .where(WORKLOAD.KIND.eq(WorkloadKind.CRON.name()))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .and(WORKLOAD.SUSPENDED.isFalse())
        .and(WORKLOAD.NEXT_RUN_AT.le(at(now)))
        .and(after == null ? DSL.noCondition() : DSL.row(WORKLOAD.NEXT_RUN_AT, WORKLOAD.ID).gt(at(after.nextRunAt()), after.id()))
        .orderBy(WORKLOAD.NEXT_RUN_AT, WORKLOAD.ID)
        .limit(limit)
        .fetch(r -> new Due(r.value1(), r.value2().toInstant()));
  }

  /**
   * Locks an ACTIVE CRON workload until commit, unless a request or another reconciler holds it now
   * (empty then: it is taken up again next round). Its next run is recorded only under this lock.
   */
  public Optional<Row> lockCronIfFree(UUID id) {
    return db.selectFrom(WORKLOAD)
        .where(WORKLOAD.ID.eq(id))
        .and(WORKLOAD.KIND.eq(WorkloadKind.CRON.name()))
        .and(WORKLOAD.STATE.eq(inline("ACTIVE")))
        .forUpdate()
        .skipLocked()
        .fetchOptional(WorkloadStore::toRow);
  }

  /** Locks the tenant's ACTIVE CRON workload until commit, waiting for a request or the reconciler holding it. */
  public Optional<Row> lockCron(UUID tenantId, UUID id) {
    return db.selectFrom(WORKLOAD).where(active(tenantId, id)).and(WORKLOAD.KIND.eq(WorkloadKind.CRON.name())).forUpdate().fetchOptional(WorkloadStore::toRow);
  }

  /**
   * Moves a CRON workload's next run on, from {@code from} only (a compare-and-set: false if it
   * moved meanwhile), with why the next one waits, if it does.
   */
  public boolean advanceCron(UUID id, java.time.Instant from, java.time.Instant next, String waiting) {
    return db.update(WORKLOAD)
            .set(WORKLOAD.NEXT_RUN_AT, at(next))
            .set(WORKLOAD.NEXT_RUN_WAITING, waiting)
            .where(WORKLOAD.ID.eq(id))
            .and(WORKLOAD.NEXT_RUN_AT.eq(at(from)))
            .execute()
        == 1;
  }

  /** Records why the due run waits (its quota), without moving it on. */
  public void cronWaiting(UUID id, String waiting) {
    db.update(WORKLOAD).set(WORKLOAD.NEXT_RUN_WAITING, waiting).where(WORKLOAD.ID.eq(id)).execute();
  }

  public void setSuspended(UUID id, boolean suspended, java.time.Instant nextRunAt) {
    db.update(WORKLOAD)
        .set(WORKLOAD.SUSPENDED, suspended)
        .set(WORKLOAD.NEXT_RUN_AT, at(nextRunAt))
        .set(WORKLOAD.NEXT_RUN_WAITING, (String) null)
        .where(WORKLOAD.ID.eq(id))
        .execute();
  }

  private static OffsetDateTime at(java.time.Instant instant) {
    return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
  }

  void markDeleted(UUID id) {
    db.update(WORKLOAD).set(WORKLOAD.STATE, "DELETED").set(WORKLOAD.DELETED_AT, OffsetDateTime.now(clock)).where(WORKLOAD.ID.eq(id)).execute();
  }

  /** The workload row as a domain record, for stores of other packages that read or lock it themselves. */
  public static Row toRow(WorkloadRecord r) {
    WorkloadSpec spec =
        new WorkloadSpec(
            r.getName(),
            WorkloadKind.valueOf(r.getKind()),
            r.getImage(),
            JsonColumn.read(r.getCommand().data(), new TypeReference<List<String>>() {}),
            JsonColumn.read(r.getEnv().data(), new TypeReference<Map<String, String>>() {}),
            new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
            r.getInstances(),
            r.getPool(),
            JsonColumn.read(r.getNodeLabels().data(), new TypeReference<Map<String, String>>() {}),
            r.getDurationSeconds(),
            r.getReservationId(),
            r.getSchedule() == null
                ? null
                : new CronSpec(r.getSchedule(), r.getTimeZone(), ConcurrencyPolicy.valueOf(r.getConcurrencyPolicy()), r.getStartingDeadlineSeconds(), r.getSuspended()),
            r.getHealthCheck() == null ? null : JsonColumn.read(r.getHealthCheck().data(), new TypeReference<dev.atrium.cluster.health.HealthCheck>() {}),
            r.getSpreadBy(),
            JsonColumn.read(r.getPorts().data(), new TypeReference<List<dev.atrium.cluster.endpoint.Port>>() {}),
            new RolloutStrategy(r.getMaxSurge(), r.getMaxUnavailable()));
    Rollout rollout =
        new Rollout(
            r.getVersion(), r.getPreviousVersion(), RolloutState.valueOf(r.getRolloutState()), r.getRolloutReason(), r.getRolloutWithoutSurge(),
            r.getRolloutProgressAt() == null ? null : r.getRolloutProgressAt().toInstant(), r.getRolloutUpdated());
    return new Row(
        r.getId(), r.getTenantId(), spec, r.getState(), r.getCreatedAt().toInstant(),
        r.getNextRunAt() == null ? null : r.getNextRunAt().toInstant(), r.getNextRunWaiting(), rollout);
  }



  private static Condition olderThan(NewestFirst.Key key) {
    return key == null ? DSL.noCondition() : DSL.row(WORKLOAD.CREATED_AT, WORKLOAD.ID).lt(key.at(), key.id());
  }
}
