package dev.atrium.bench;

import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.quota.Quota;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 100,000 intervals are open when an hour ends, and 16 clients admit work all the while: how long do
 * admissions stop while the roller seals that hour? Measured as the longest time in which no
 * admission completed, from the roll's start to its end, beside the same figure before the roll.
 */
final class SealBenchmark {

  static final int OPEN = Benchmarks.scaled(100_000);
  static final int CLIENTS = 16;
  static final int TENANTS = 100;

  private SealBenchmark() {}

  static void run(Report report) throws Exception {
    try (BenchDatabase db = BenchDatabase.start();
        ConfigurableApplicationContext context =
            BenchApplication.start(
                db, BenchApplication.simPool(1_000, 0, Map.of("spring.datasource.hikari.maximum-pool-size", String.valueOf(CLIENTS + 4))))) {
      List<BenchTenants.Member> tenants = BenchTenants.create(context, TENANTS, new Quota(10_000_000, 100_000_000, 0, 100_000));
      // The last hour is not sealed yet and the open intervals began in it, as after an hour of work.
      try (var c = db.platformConnection(); var s = c.createStatement()) {
        s.executeUpdate("update metering set sealed_until = date_trunc('hour', now()) - interval '1 hour', rolled_until = date_trunc('hour', now()) - interval '1 hour'");
        s.executeUpdate(
            "insert into metered_interval (tenant_id, meter, ref, cpu_millis, memory_mib, gpus, started_at, metered_until)"
                + " select t.id, 'usage', gen_random_uuid(), 250, 512, 0, date_trunc('hour', now()) - interval '30 minutes',"
                + " date_trunc('hour', now()) - interval '30 minutes'"
                + " from generate_series(1, " + OPEN + ") g join (select id, row_number() over () - 1 as n from tenant) t on t.n = g % " + TENANTS);
        s.execute("analyze metered_interval");
      }
      WorkloadService workloads = context.getBean(WorkloadService.class);
      UsageMeter meter = context.getBean(UsageMeter.class);

      AtomicBoolean admitting = new AtomicBoolean(true);
      AtomicInteger next = new AtomicInteger();
      AtomicLong lastDone = new AtomicLong(System.nanoTime());
      AtomicLong longestGap = new AtomicLong();
      AtomicBoolean measuring = new AtomicBoolean();
      Thread clients = new Thread(() -> {
        try {
          Clients.run(CLIENTS, client -> {
            while (admitting.get()) {
              int i = next.getAndIncrement();
              BenchTenants.Member tenant = tenants.get(i % TENANTS);
              workloads.create(tenant.admin(), tenant.slug(), WorkloadSpecs.service("w-" + i).command("sleep", "3600").memory(16).cpu(10).on("sim"));
              long now = System.nanoTime();
              long gap = now - lastDone.getAndSet(now);
              if (measuring.get()) {
                longestGap.accumulateAndGet(gap, Math::max);
              }
            }
          });
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      clients.start();
      Thread.sleep(5_000); // admissions under way, warmed up
      measuring.set(true);
      Thread.sleep(2_000);
      long gapBefore = longestGap.getAndSet(0);
      long start = System.nanoTime();
      UsageMeter.Roll roll = meter.roll();
      double rollSeconds = (System.nanoTime() - start) / 1e9;
      long gapDuring = longestGap.get();
      measuring.set(false);
      admitting.set(false);
      clients.join();

      report.figure("open intervals", "%,d", OPEN);
      report.figure("roll with the seal", "%.2f s (%,d hour rows; sealed until %s)", rollSeconds, roll.hourRows(), roll.sealedUntil());
      report.figure("admissions meanwhile", "%,d", next.get());
      report.figure("longest time without an admission, 2 s before", "%.0f ms", gapBefore / 1e6);
      report.figure("longest time without an admission, during the roll", "%.0f ms", gapDuring / 1e6);
      BenchTenants.brokenInvariants(db).forEach(report::fail);
      report.atMost("admissions paused by the seal", gapDuring / 1e6, 100, "ms");
    }
  }
}
