package dev.atrium.bench;

import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.tenancy.quota.Quota;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 200 tenants ask for 100,000 tasks of mixed shapes (some with a GPU) on a sim fleet of 5,000 nodes
 * of 8 cores and 32 GiB (500 of them with 2 GPUs), a little more CPU than the fleet has: admitted by
 * 16 clients, placed, launched and observed RUNNING by the reconciler.
 */
final class PlacementBenchmark {

  static final int NODES = 5_000;
  static final int TENANTS = 200;
  static final int CLIENTS = 16;

  /** Per tenant: instances, millicores, MiB, GPUs. 500 tasks, 206 cores, 495 GiB, 4 GPUs. */
  static final long[][] SHAPES = {
    {300, 250, 768, 0},
    {150, 500, 1024, 0},
    {40, 1000, 2048, 0},
    {6, 2000, 4096, 0},
    {4, 1000, 4096, 1},
  };

  private PlacementBenchmark() {}

  record Ask(BenchTenants.Member tenant, int shape) {}

  static void run(Report report) throws Exception {
    try (BenchDatabase db = BenchDatabase.start();
        ConfigurableApplicationContext context =
            BenchApplication.start(
                db,
                BenchApplication.simPool(
                    NODES, NODES / 10, Map.of("spring.datasource.hikari.maximum-pool-size", String.valueOf(CLIENTS + 4))))) {
      List<BenchTenants.Member> tenants =
          BenchTenants.create(context, TENANTS, new Quota(300_000, 1_048_576, 10, 20));
      List<Ask> asks = new ArrayList<>();
      for (BenchTenants.Member tenant : tenants) {
        for (int shape = 0; shape < SHAPES.length; shape++) {
          asks.add(new Ask(tenant, shape));
        }
      }
      Collections.shuffle(asks, new Random(42));
      WorkloadService workloads = context.getBean(WorkloadService.class);
      Reconciler reconciler = context.getBean(Reconciler.class);

      AtomicInteger next = new AtomicInteger();
      double[] shareAtFirstWait = {-1};
      long start = System.nanoTime();
      double admitting =
          Clients.run(
              CLIENTS,
              client -> {
                for (int i = next.getAndIncrement(); i < asks.size(); i = next.getAndIncrement()) {
                  Ask ask = asks.get(i);
                  Workload w = workloads.create(ask.tenant().admin(), ask.tenant().slug(), spec(ask.shape()));
                  if (w.tasks().stream().anyMatch(t -> t.state() == TaskState.PENDING)) {
                    synchronized (shareAtFirstWait) {
                      if (shareAtFirstWait[0] < 0) {
                        shareAtFirstWait[0] = Fleets.dominantShareAllocated(db);
                      }
                    }
                  }
                }
              });
      int rounds = 0;
      while (Fleets.tasksByState(db).getOrDefault("STAGING", 0L) > 0 && rounds < 1_000) {
        reconciler.round();
        rounds++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      Map<String, Long> states = Fleets.tasksByState(db);
      long total = states.values().stream().mapToLong(Long::longValue).sum();
      report.figure("tasks asked for", "%,d in %,d workloads", total, asks.size());
      report.figure("admitted and placed in", "%.1f s", admitting);
      report.figure("reconciler rounds to RUNNING", "%d", rounds);
      report.figure("end to end", "%.1f s", seconds);
      report.figure("tasks/s end to end", "%,.0f", total / seconds);
      report.figure("tasks by state", "%s", states);
      report.figure("fleet allocated at the first wait", "%.1f %%", 100 * shareAtFirstWait[0]);
      report.figure("fleet allocated at the end", "%.1f %%", 100 * Fleets.dominantShareAllocated(db));
      Fleets.pendingReasons(db).forEach((reason, count) -> report.figure("PENDING: " + reason, "%,d", count));

      // A round while 100,000 tasks that fit nowhere wait: fair share reads every tenant's queue head,
      // and shapes that found no node are not asked again, so the round stays bounded.
      double before = timedRound(reconciler);
      int waiting = queueNowhere(context, tenants, db);
      double withQueue = timedRound(reconciler);
      report.figure("reconciler round, fleet full", "%.2f s", before);
      report.figure("reconciler round with " + String.format("%,d", waiting) + " more PENDING", "%.2f s", withQueue);
      BenchTenants.brokenInvariants(db).forEach(report::fail);
      report.atMost("placement end to end", seconds, 60, "s");
      report.atMost("round with 100,000 PENDING", withQueue, 1, "s");
      report.ratio("fleet share allocated before the first wait", shareAtFirstWait[0] < 0 ? 1 : shareAtFirstWait[0], 0.9);
    }
  }

  static final int NOWHERE_PER_TENANT = 500;

  /**
   * Each tenant queues 500 tasks that no node takes (a label no node has): one admitted through the
   * service, the rest added to its queue directly, holding no quota (admitting 100,000 unplaceable
   * tasks one by one would only measure admission again).
   */
  private static int queueNowhere(ConfigurableApplicationContext context, List<BenchTenants.Member> tenants, BenchDatabase db)
      throws java.sql.SQLException {
    WorkloadService workloads = context.getBean(WorkloadService.class);
    for (BenchTenants.Member tenant : tenants) {
      workloads.create(tenant.admin(), tenant.slug(),
          WorkloadSpecs.service("nowhere").cpu(1).memory(1).labels(Map.of("zone", "nowhere")).on("sim"));
    }
    try (var c = db.platformConnection(); var s = c.createStatement()) {
      s.executeUpdate(
          "insert into task (tenant_id, workload_id, instance, state, pool, cpu_millis, memory_mib, gpus, node_labels, quota_held)"
              + " select w.tenant_id, w.id, g, 'PENDING', 'sim', 1, 1, 0, '{\"zone\":\"nowhere\"}', false"
              + " from workload w, generate_series(1, " + (NOWHERE_PER_TENANT - 1) + ") g where w.name = 'nowhere'");
    }
    return tenants.size() * NOWHERE_PER_TENANT;
  }

  private static double timedRound(Reconciler reconciler) {
    long start = System.nanoTime();
    reconciler.round();
    return (System.nanoTime() - start) / 1e9;
  }

  private static WorkloadSpec spec(int shape) {
    long[] s = SHAPES[shape];
    return WorkloadSpecs.service("shape-" + shape).command("sleep", "3600").cpu(s[1]).memory(s[2]).gpus(s[3]).instances((int) s[0]).on("sim");
  }
}
