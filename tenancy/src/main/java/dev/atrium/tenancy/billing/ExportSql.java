package dev.atrium.tenancy.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The export's SQL over the hourly rollups (migration V4): days and months are sums of hours, times
 * are formatted by PostgreSQL, and each period names its tenant as it was named at the period's end
 * (migration V9), so that a sealed row keeps its bytes when the tenant is renamed. Public so that the benchmarks can hand the same statement to
 * PostgreSQL's own {@code COPY ... TO STDOUT}, the yardstick for the export's speed.
 */
public final class ExportSql {

  private static final String TIME = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

  /**
   * One row per resource and period: ('cpu', 'millicore_seconds', p.cpu, p.cpu_quota), …,
   * ('reserved_cpu', 'millicore_seconds', p.reserved_cpu, p.cpu_quota), …
   */
  private static final String RESOURCES =
      Arrays.stream(UsageResource.values())
          .map(r -> "('%1$s', '%2$s', p.%1$s, p.%3$s_quota)".formatted(r.key(), r.unit(), r.quotaOf()))
          .collect(Collectors.joining(", "));

  private ExportSql() {}

  /** The export's statement, with {@code ?} for {@link #binds}. */
  public static String sql(UsageQuery query, UUID tenantId) {
    String tenant = tenantId == null ? "" : " and tenant_id = ?";
    String periods =
        query.granularity() == Granularity.HOUR
            ? """
              select hour as start, hour + interval '1 hour' as stop, tenant_id,
                     cpu_millicore_seconds as cpu, mib_seconds as memory, gpu_seconds as gpu,
                     cpu_quota, memory_quota, gpu_quota, reserved_cpu_millicore_seconds as reserved_cpu,
                     reserved_mib_seconds as reserved_memory, reserved_gpu_seconds as reserved_gpu
                from usage_hour where hour >= ?::timestamptz and hour < ?::timestamptz%s
              """
                .formatted(tenant)
            : """
              select start, (start at time zone 'UTC' + interval '1 %1$s') at time zone 'UTC' as stop, tenant_id,
                     cpu, memory, gpu, cpu_quota, memory_quota, gpu_quota, reserved_cpu, reserved_memory, reserved_gpu
                from (select date_trunc('%1$s', hour, 'UTC') as start, tenant_id,
                             sum(cpu_millicore_seconds)::bigint as cpu, sum(mib_seconds)::bigint as memory,
                             sum(gpu_seconds)::bigint as gpu, sum(cpu_quota)::bigint as cpu_quota,
                             sum(memory_quota)::bigint as memory_quota, sum(gpu_quota)::bigint as gpu_quota,
                             sum(reserved_cpu_millicore_seconds)::bigint as reserved_cpu,
                             sum(reserved_mib_seconds)::bigint as reserved_memory,
                             sum(reserved_gpu_seconds)::bigint as reserved_gpu
                        from usage_hour where hour >= ?::timestamptz and hour < ?::timestamptz%2$s
                       group by 1, 2) s
              """
                .formatted(query.granularity().sqlUnit(), tenant);
    return """
        select t.slug, coalesce(n.display_name, t.display_name),
               to_char(p.start at time zone 'UTC', %1$s), to_char(p.stop at time zone 'UTC', %1$s),
               r.resource, r.unit, r.quantity, r.quota_limit, p.stop <= m.sealed_until
          from (%2$s) p
          join tenant t on t.id = p.tenant_id
          left join lateral (select display_name from tenant_name
                              where tenant_id = p.tenant_id
                              order by since < p.stop desc, case when since < p.stop then since end desc, since
                              limit 1) n on true
         cross join metering m
         cross join lateral (values %3$s) r (resource, unit, quantity, quota_limit)
         -- reserved capacity only where there was some: periods without reservations keep their rows
         where r.resource not like 'reserved%%' or r.quantity > 0
         order by p.start, t.slug, r.resource
        """
        .formatted(TIME, periods, RESOURCES);
  }

  public static Object[] binds(UsageQuery query, UUID tenantId) {
    List<Object> binds = new ArrayList<>(List.of(at(query.from()), at(query.to())));
    if (tenantId != null) {
      binds.add(tenantId);
    }
    return binds.toArray();
  }

  /** The statement with its parameters written in as literals, for COPY (which takes none). */
  public static String inlined(UsageQuery query, UUID tenantId) {
    String sql = sql(query, tenantId);
    for (Object bind : binds(query, tenantId)) {
      sql = sql.replaceFirst("\\?", "'" + bind + "'");
    }
    return sql;
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
