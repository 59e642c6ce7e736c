package dev.atrium.tenancy.metering;

import dev.atrium.tenancy.quota.Quota;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Intervals and hourly rollups (migration V4). The statements are plain SQL: each moves intervals
 * forward and adds what they held to the hours in one statement, so that no interval is counted twice
 * whoever else rolls or closes it at the same time.
 */
@Repository
class MeteringStore {

  /** Opening and closing intervals take this lock shared; sealing hours takes it exclusively. */
  private static final long METER_LOCK = 0x4d_65_74_65_72L; // "Meter"
  /** One roller at a time, across replicas. */
  private static final long ROLLER_LOCK = 0x52_6f_6c_6c_65_72L; // "Roller"

  /**
   * Moves the selected open intervals forward to {@code ?} (never backwards), closes them when asked,
   * and adds what each held from where it was to where it is now to the hours it spans. The
   * {@code where} clause selects from metered_interval; its parameters come after the time.
   */
  private static final String MOVE =
      """
      with moved as (
        update metered_interval m
           set metered_until = s.to_ts,
               ended_at = case when %s then s.to_ts end
          from (select id, metered_until as from_ts, greatest(?::timestamptz, metered_until) as to_ts
                  from metered_interval
                 where ended_at is null and (%s)
                 order by id
                   for update) s
         where m.id = s.id
        returning m.tenant_id, m.meter, m.cpu_millis, m.memory_mib, m.gpus, s.from_ts, s.to_ts)
      insert into usage_hour as u
        (hour, tenant_id, cpu_millicore_seconds, mib_seconds, gpu_seconds, cpu_quota, memory_quota, gpu_quota,
         reserved_cpu_millicore_seconds, reserved_mib_seconds, reserved_gpu_seconds)
      select h.hour, moved.tenant_id,
             sum(case when meter = 'usage' then cpu_millis * h.seconds else 0 end),
             sum(case when meter = 'usage' then memory_mib * h.seconds else 0 end),
             sum(case when meter = 'usage' then gpus * h.seconds else 0 end),
             sum(case when meter = 'quota' then cpu_millis * h.seconds else 0 end),
             sum(case when meter = 'quota' then memory_mib * h.seconds else 0 end),
             sum(case when meter = 'quota' then gpus * h.seconds else 0 end),
             sum(case when meter = 'reserved' then cpu_millis * h.seconds else 0 end),
             sum(case when meter = 'reserved' then memory_mib * h.seconds else 0 end),
             sum(case when meter = 'reserved' then gpus * h.seconds else 0 end)
        from moved cross join lateral hours_between(moved.from_ts, moved.to_ts) h
       group by h.hour, moved.tenant_id
       order by h.hour, moved.tenant_id
      on conflict (hour, tenant_id) do update
         set cpu_millicore_seconds = u.cpu_millicore_seconds + excluded.cpu_millicore_seconds,
             mib_seconds = u.mib_seconds + excluded.mib_seconds,
             gpu_seconds = u.gpu_seconds + excluded.gpu_seconds,
             cpu_quota = u.cpu_quota + excluded.cpu_quota,
             memory_quota = u.memory_quota + excluded.memory_quota,
             gpu_quota = u.gpu_quota + excluded.gpu_quota,
             reserved_cpu_millicore_seconds = u.reserved_cpu_millicore_seconds + excluded.reserved_cpu_millicore_seconds,
             reserved_mib_seconds = u.reserved_mib_seconds + excluded.reserved_mib_seconds,
             reserved_gpu_seconds = u.reserved_gpu_seconds + excluded.reserved_gpu_seconds
      """;

  private final DSLContext db;

  MeteringStore(DSLContext db) {
    this.db = db;
  }

  void lockShared() {
    db.fetch("select pg_advisory_xact_lock_shared(?)", METER_LOCK);
  }

  void lockExclusive() {
    db.fetch("select pg_advisory_xact_lock(?)", METER_LOCK);
  }

  boolean tryBecomeRoller() {
    return db.fetchSingle("select pg_try_advisory_xact_lock(?)", ROLLER_LOCK).get(0, Boolean.class);
  }

  /** The tenant's quota intervals that overlap {@code [from, to)}, oldest first. */
  java.util.List<QuotaStep> quotaSteps(java.util.UUID tenantId, java.time.Instant from, java.time.Instant to) {
    return db.fetch(
            "select started_at, ended_at, cpu_millis, memory_mib, gpus from metered_interval"
                + " where tenant_id = ? and meter = 'quota' and started_at < ?::timestamptz and (ended_at is null or ended_at > ?::timestamptz)"
                + " order by started_at, id",
            tenantId, to.atOffset(java.time.ZoneOffset.UTC), from.atOffset(java.time.ZoneOffset.UTC))
        .map(r -> new QuotaStep(
            r.get(0, OffsetDateTime.class).toInstant(),
            r.get(1, OffsetDateTime.class) == null ? null : r.get(1, OffsetDateTime.class).toInstant(),
            new dev.atrium.tenancy.quota.Quota(r.get(2, Long.class), r.get(3, Long.class), r.get(4, Long.class), 0)));
  }

  Metered metered() {
    var r = db.fetchSingle("select sealed_until, rolled_until from metering");
    return new Metered(r.get(0, OffsetDateTime.class).toInstant(), r.get(1, OffsetDateTime.class).toInstant());
  }

  void seal(Instant until) {
    db.execute("update metering set sealed_until = greatest(sealed_until, ?::timestamptz)", at(until));
  }

  /**
   * Opens the interval of a task's reservation, starting no earlier than the sealed hours; does
   * nothing if that task's reservation is metered already.
   */
  void openUsage(UUID tenantId, UUID taskId, Quota held, Instant at) {
    open("usage", tenantId, taskId, held, at);
  }

  /** Opens the interval of an ACTIVE reservation's capacity, once, like a task's. */
  void openReserved(UUID tenantId, UUID reservationId, Quota held, Instant at) {
    open("reserved", tenantId, reservationId, held, at);
  }

  private void open(String meter, UUID tenantId, UUID ref, Quota held, Instant at) {
    db.execute(
        """
        insert into metered_interval (tenant_id, meter, ref, cpu_millis, memory_mib, gpus, started_at, metered_until)
        select ?, ?, ?, ?, ?, ?, greatest(?::timestamptz, sealed_until), greatest(?::timestamptz, sealed_until) from metering
        on conflict (ref) where ref is not null do nothing
        """,
        tenantId, meter, ref, held.cpuMillis(), held.memoryMiB(), held.gpus(), at(at), at(at));
  }

  /** Opens a quota interval where the previous one ended, so quota intervals never overlap. */
  void openQuota(UUID tenantId, Quota quota, Instant at) {
    db.execute(
        """
        insert into metered_interval (tenant_id, meter, cpu_millis, memory_mib, gpus, started_at, metered_until)
        select ?, 'quota', ?, ?, ?, s.t, s.t
          from (select greatest(?::timestamptz, m.sealed_until,
                                (select max(ended_at) from metered_interval where tenant_id = ? and meter = 'quota')) as t
                  from metering m) s
        """,
        tenantId, quota.cpuMillis(), quota.memoryMiB(), quota.gpus(), at(at), tenantId);
  }

  /** Closes a task's (or a reservation's) interval, if it has one open. */
  void closeUsage(UUID ref, Instant at) {
    move(true, at, "ref = ?", ref);
  }

  void closeQuota(UUID tenantId, Instant at) {
    move(true, at, "tenant_id = ? and meter = 'quota'", tenantId);
  }

  /** Rolls every open interval forward to {@code now}; the number of hour rows written. */
  int rollAll(Instant now) {
    int rows = move(false, now, "metered_until < ?::timestamptz", at(now));
    db.execute("update metering set rolled_until = greatest(rolled_until, ?::timestamptz)", at(now));
    return rows;
  }

  /**
   * Rolls forward to {@code now} the open intervals not yet past {@code hour} (those opened since the
   * last roll): what sealing that hour needs.
   */
  int rollBefore(Instant hour, Instant now) {
    return move(false, now, "metered_until < ?::timestamptz", at(hour));
  }

  private int move(boolean close, Instant to, String where, Object parameter) {
    return db.execute(MOVE.formatted(close, where), at(to), parameter);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
