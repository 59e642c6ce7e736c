package dev.atrium.tenancy.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * Reads the hourly rollups (migration V4) as export rows. Days and months are sums of hours; times
 * are formatted by PostgreSQL so that the rows leave it as they are written.
 */
@Repository
class UsageStore {

  /** Rows fetched per round trip while streaming: enough to keep the socket busy, small in memory. */
  static final int FETCH_SIZE = 5_000;

  private static final String TIME = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

  private final DSLContext db;

  UsageStore(DSLContext db) {
    this.db = db;
  }

  /** Hands each row to {@code sink} as it arrives, in period, tenant, resource order. */
  void stream(UsageQuery query, UUID tenantId, RowSink sink) {
    try (Cursor<Record> cursor =
        db.resultQuery(sql(query, tenantId), binds(query, tenantId)).fetchSize(FETCH_SIZE).fetchLazy()) {
      for (Record r : cursor) {
        sink.accept(
            new UsageRow(
                (String) r.get(0),
                (String) r.get(1),
                (String) r.get(2),
                (String) r.get(3),
                (String) r.get(4),
                (String) r.get(5),
                (Long) r.get(6),
                (Long) r.get(7),
                (Boolean) r.get(8)));
      }
    }
  }

  /** The export's SQL and parameters, for comparing it with PostgreSQL's own COPY of the same rows. */
  static String sql(UsageQuery query, UUID tenantId) {
    String tenant = tenantId == null ? "" : " and tenant_id = ?";
    String periods =
        query.granularity() == Granularity.HOUR
            ? """
              select hour as start, hour + interval '1 hour' as stop, tenant_id,
                     cpu_millicore_seconds as cpu, mib_seconds as memory, gpu_seconds as gpu,
                     cpu_quota, memory_quota, gpu_quota
                from usage_hour where hour >= ?::timestamptz and hour < ?::timestamptz%s
              """
                .formatted(tenant)
            : """
              select start, (start at time zone 'UTC' + interval '1 %1$s') at time zone 'UTC' as stop, tenant_id,
                     cpu, memory, gpu, cpu_quota, memory_quota, gpu_quota
                from (select date_trunc('%1$s', hour, 'UTC') as start, tenant_id,
                             sum(cpu_millicore_seconds)::bigint as cpu, sum(mib_seconds)::bigint as memory,
                             sum(gpu_seconds)::bigint as gpu, sum(cpu_quota)::bigint as cpu_quota,
                             sum(memory_quota)::bigint as memory_quota, sum(gpu_quota)::bigint as gpu_quota
                        from usage_hour where hour >= ?::timestamptz and hour < ?::timestamptz%2$s
                       group by 1, 2) s
              """
                .formatted(query.granularity().sqlUnit(), tenant);
    return """
        select t.slug, t.display_name,
               to_char(p.start at time zone 'UTC', %1$s), to_char(p.stop at time zone 'UTC', %1$s),
               r.resource, r.unit, r.quantity, r.quota_limit, p.stop <= m.sealed_until
          from (%2$s) p
          join tenant t on t.id = p.tenant_id
         cross join metering m
         cross join lateral (values ('cpu', 'millicore_seconds', p.cpu, p.cpu_quota),
                                    ('gpu', 'gpu_seconds', p.gpu, p.gpu_quota),
                                    ('memory', 'mib_seconds', p.memory, p.memory_quota))
               r (resource, unit, quantity, quota_limit)
         order by p.start, t.slug, r.resource
        """
        .formatted(TIME, periods);
  }

  static Object[] binds(UsageQuery query, UUID tenantId) {
    List<Object> binds = new ArrayList<>(List.of(at(query.from()), at(query.to())));
    if (tenantId != null) {
      binds.add(tenantId);
    }
    return binds.toArray();
  }

  /** Each tenant's totals over the whole range, as the current scope sees them, by tenant. */
  List<TenantUsage> totals(UsageQuery query) {
    return db.resultQuery(
            """
            select t.slug, t.display_name,
                   sum(u.cpu_millicore_seconds)::bigint, sum(u.mib_seconds)::bigint, sum(u.gpu_seconds)::bigint,
                   sum(u.cpu_quota)::bigint, sum(u.memory_quota)::bigint, sum(u.gpu_quota)::bigint
              from usage_hour u join tenant t on t.id = u.tenant_id
             where u.hour >= ?::timestamptz and u.hour < ?::timestamptz
             group by t.slug, t.display_name
             order by t.slug
            """,
            at(query.from()), at(query.to()))
        .fetch(
            r ->
                new TenantUsage(
                    r.get(0, String.class), r.get(1, String.class),
                    r.get(2, Long.class), r.get(3, Long.class), r.get(4, Long.class),
                    r.get(5, Long.class), r.get(6, Long.class), r.get(7, Long.class)));
  }

  Metered metered() {
    var r = db.fetchSingle("select sealed_until, rolled_until from metering");
    return new Metered(r.get(0, OffsetDateTime.class).toInstant(), r.get(1, OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  interface RowSink {
    void accept(UsageRow row);
  }
}
