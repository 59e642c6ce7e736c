package dev.atrium.bench;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.billing.ExportFormat;
import dev.atrium.tenancy.billing.ExportSql;
import dev.atrium.tenancy.billing.Granularity;
import dev.atrium.tenancy.billing.UsageQuery;
import dev.atrium.tenancy.billing.UsageService;
import dev.atrium.tenancy.member.Identity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fills 10 million export rows (hourly rollups of 1,000 tenants over 3,334 hours, three resources
 * each) and exports them as CSV through the real export (JDBC cursor, Commons CSV), then has
 * PostgreSQL COPY the same statement's rows to STDOUT. Best of two passes each, alternating.
 */
final class UsageExportBenchmark {

  static final int TENANTS = 1_000;
  static final int HOURS = 3_334;
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  private UsageExportBenchmark() {}

  static void run(Report report) throws Exception {
    try (BenchDatabase db = BenchDatabase.start();
        ConfigurableApplicationContext context = BenchApplication.start(db, Map.of())) {
      long filled = fill(db);
      report.figure("rollup rows filled", "%,d", filled);
      UsageService usage = context.getBean(UsageService.class);
      Actor billing = new Actor(new Identity("bench", "billing-bench", null), false, true);
      UsageQuery query = new UsageQuery(FROM, FROM.plus(Duration.ofHours(HOURS)), Granularity.HOUR);

      copy(db, query); // warms the cache for both
      double exportBest = 0;
      double copyBest = 0;
      long peak = 0;
      long rows = 0;
      for (int pass = 0; pass < 2; pass++) {
        CountingSink sink = new CountingSink();
        long start = System.nanoTime();
        try (HeapSampler heap = new HeapSampler()) {
          usage.write(usage.all(billing, query, ExportFormat.CSV), sink);
          peak = Math.max(peak, heap.peakMiB());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        rows = sink.lines() - 1;
        exportBest = Math.max(exportBest, rows / seconds);
        copyBest = Math.max(copyBest, copy(db, query));
      }
      report.figure("export rows", "%,d", rows);
      report.figure("export CSV rows/s", "%,.0f", exportBest);
      report.figure("COPY ... TO STDOUT rows/s", "%,.0f", copyBest);
      report.figure("peak heap during export", "%d MiB (max heap %d MiB)", peak, Runtime.getRuntime().maxMemory() >> 20);
      if (rows != 3L * TENANTS * HOURS) {
        report.fail("the export wrote " + rows + " rows, not " + 3L * TENANTS * HOURS);
      }
      report.ratio("usage export / COPY", exportBest / copyBest, 0.9);
      report.atMost("usage export peak heap", peak, 256, "MiB");
    }
  }

  /** Rows per second of PostgreSQL copying the export's statement out as CSV. */
  private static double copy(BenchDatabase db, UsageQuery query) throws SQLException, java.io.IOException {
    try (Connection c = db.platformConnection()) {
      CountingSink sink = new CountingSink();
      long start = System.nanoTime();
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY (" + ExportSql.inlined(query, null) + ") TO STDOUT (FORMAT csv, HEADER)", sink);
      return (sink.lines() - 1) / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static long fill(BenchDatabase db) throws SQLException {
    try (Connection c = db.platformConnection(); var s = c.createStatement()) {
      s.execute(
          "insert into tenant (slug, display_name) select 'bench-' || lpad(i::text, 4, '0'), 'Bench tenant ' || i"
              + " from generate_series(1, " + TENANTS + ") i");
      s.execute("select setseed(0.42)");
      int rows =
          s.executeUpdate(
              """
              insert into usage_hour (hour, tenant_id, cpu_millicore_seconds, mib_seconds, gpu_seconds,
                                      cpu_quota, memory_quota, gpu_quota)
              select h, t.id, (random() * 3600000)::bigint, (random() * 3686400)::bigint, (random() * 3600)::bigint,
                     3600000 * 4, 3600 * 8192, 3600
                from tenant t
               cross join generate_series(timestamptz '%s', timestamptz '%s' - interval '1 hour', interval '1 hour') h
              """
                  .formatted(FROM, FROM.plus(Duration.ofHours(HOURS))));
      s.execute("update metering set sealed_until = '" + FROM.plus(Duration.ofHours(HOURS)) + "'");
      s.execute("vacuum analyze usage_hour");
      return rows;
    }
  }
}
