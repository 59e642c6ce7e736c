package dev.atrium.bench;

import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.CapacityUnavailableException;
import dev.atrium.cluster.reservation.NewReservation;
import dev.atrium.cluster.reservation.ReservationService;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 16 clients admit 50,000 single-task workloads for 100 tenants onto a sim pool of 1,000 nodes
 * through the real admission service (and then book 400 reservations racing for one hour); then, on the same PostgreSQL, connection pool and
 * concurrency, pgbench's TPC-B-like transaction runs for as long. Admission's ceiling is what
 * PostgreSQL can commit: the ratio says how close it comes.
 */
final class AdmissionBenchmark {

  static final int CLIENTS = 16;
  static final int TENANTS = 100;
  static final int TASKS = Benchmarks.scaled(50_000);
  static final int NODES = 1_000;

  private AdmissionBenchmark() {}

  static void run(Report report) throws Exception {
    try (BenchDatabase db = BenchDatabase.start();
        ConfigurableApplicationContext context =
            BenchApplication.start(
                db,
                BenchApplication.simPool(
                    NODES, 0, Map.of("spring.datasource.hikari.maximum-pool-size", String.valueOf(CLIENTS + 2))))) {
      List<BenchTenants.Member> tenants =
          BenchTenants.create(context, TENANTS, new Quota(1_000_000, 10_000_000, 0, TASKS / TENANTS + 10));
      WorkloadService workloads = context.getBean(WorkloadService.class);

      AtomicInteger next = new AtomicInteger();
      AtomicLong refused = new AtomicLong();
      Latencies latencies = new Latencies(TASKS);
      double seconds =
          Clients.run(
              CLIENTS,
              client -> {
                for (int i = next.getAndIncrement(); i < TASKS; i = next.getAndIncrement()) {
                  BenchTenants.Member tenant = tenants.get(i % TENANTS);
                  long start = System.nanoTime();
                  try {
                    workloads.create(tenant.admin(), tenant.slug(), spec("w-" + i));
                  } catch (RuntimeException e) {
                    refused.incrementAndGet();
                  }
                  latencies.record(i, System.nanoTime() - start);
                }
              });
      double admissions = TASKS / seconds;
      report.figure("admissions", "%,d in %.1f s (%d refused)", TASKS, seconds, refused.get());
      report.figure("admissions/s", "%,.0f", admissions);
      report.figure("admission latency p50", "%.1f ms", latencies.percentileMillis(TASKS, 50));
      report.figure("admission latency p99", "%.1f ms", latencies.percentileMillis(TASKS, 99));
      book(context, tenants, report);
      BenchTenants.brokenInvariants(db).forEach(report::fail);

      DataSource pool = context.getBean(DataSource.class);
      TpcB tpcb = TpcB.initialise(pool, CLIENTS);
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      AtomicLong committed = new AtomicLong();
      double tpcbSeconds =
          Clients.run(
              CLIENTS,
              client -> {
                try (Connection c = pool.getConnection()) {
                  c.setAutoCommit(false);
                  while (System.nanoTime() < deadline) {
                    tpcb.run(c);
                    committed.incrementAndGet();
                  }
                }
              });
      double tps = committed.get() / tpcbSeconds;
      report.figure("tpcb tx/s (same pool, 16 clients)", "%,.0f", tps);
      report.ratio("admission / tpcb", admissions / tps, 1.0);
    }
  }

  static final int BOOKINGS = 400;

  /**
   * 16 clients book 400 reservations of 8 instances of 4 cores, all for the same hour tomorrow: more
   * than the fleet has left, so bookings race for the same nodes and the later ones are refused.
   */
  private static void book(ConfigurableApplicationContext context, List<BenchTenants.Member> tenants, Report report) throws Exception {
    ReservationService reservations = context.getBean(ReservationService.class);
    Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
    AtomicInteger next = new AtomicInteger();
    AtomicLong refused = new AtomicLong();
    double seconds =
        Clients.run(
            CLIENTS,
            client -> {
              for (int i = next.getAndIncrement(); i < BOOKINGS; i = next.getAndIncrement()) {
                BenchTenants.Member tenant = tenants.get(i % TENANTS);
                try {
                  reservations.book(tenant.admin(), tenant.slug(),
                      new NewReservation("r-" + i, "sim", new Resources(4_000, 4_096, 0), 8, start, start.plus(Duration.ofHours(1)), null));
                } catch (CapacityUnavailableException full) {
                  refused.incrementAndGet();
                }
              }
            });
    report.figure("bookings racing for one hour", "%d booked, %d refused for capacity, in %.1f s", BOOKINGS - refused.get(), refused.get(), seconds);
  }

  private static WorkloadSpec spec(String name) {
    return WorkloadSpecs.service(name).command("sleep", "3600").memory(128).on("sim");
  }
}
