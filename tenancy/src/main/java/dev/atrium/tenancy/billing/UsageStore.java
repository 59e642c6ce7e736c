package dev.atrium.tenancy.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  private final DSLContext db;

  UsageStore(DSLContext db) {
    this.db = db;
  }

  /** Hands each row to {@code sink} as it arrives, in period, tenant, resource order. */
  void stream(UsageQuery query, UUID tenantId, RowSink sink) {
    try (Cursor<Record> cursor =
        db.resultQuery(ExportSql.sql(query, tenantId), ExportSql.binds(query, tenantId)).fetchSize(FETCH_SIZE).fetchLazy()) {
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

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  interface RowSink {
    void accept(UsageRow row);
  }
}
