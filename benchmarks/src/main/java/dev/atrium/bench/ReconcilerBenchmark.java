package dev.atrium.bench;

import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.cluster.driver.sim.SimDriver;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.tenancy.quota.Quota;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 10,000 tasks RUNNING on a sim pool; Atrium restarts and its reconciler re-adopts all of them, then
 * nodes holding 1,000 of them vanish and the reconciler finds those LOST.
 */
final class ReconcilerBenchmark {

  static final int TASKS = 10_000;
  static final int LOST = 1_000;
  static final Map<String, String> POOL = BenchApplication.simPool(1000, 0, Map.of());

  private ReconcilerBenchmark() {}

  static void run(Report report) throws Exception {
    try (BenchDatabase db = BenchDatabase.start()) {
      try (ConfigurableApplicationContext before = BenchApplication.start(db, POOL)) {
        List<BenchTenants.Member> tenants = BenchTenants.create(before, 20, new Quota(100_000, 1_000_000, 0, 10));
        WorkloadService workloads = before.getBean(WorkloadService.class);
        for (BenchTenants.Member tenant : tenants) {
          for (int w = 0; w < TASKS / tenants.size() / 100; w++) {
            workloads.create(tenant.admin(), tenant.slug(), spec("svc-" + w));
          }
        }
        Reconciler reconciler = before.getBean(Reconciler.class);
        while (Fleets.tasksByState(db).getOrDefault("RUNNING", 0L) < TASKS) {
          reconciler.round();
        }
      }
      report.figure("tasks RUNNING before the restart", "%,d", Fleets.tasksByState(db).get("RUNNING"));

      long start = System.nanoTime();
      try (ConfigurableApplicationContext after = BenchApplication.start(db, POOL)) {
        double started = (System.nanoTime() - start) / 1e9;
        Reconciler reconciler = after.getBean(Reconciler.class);
        long roundStart = System.nanoTime();
        reconciler.round();
        double adopted = (System.nanoTime() - roundStart) / 1e9;
        Map<String, Long> states = Fleets.tasksByState(db);
        report.figure("restart: application started", "%.1f s", started);
        report.figure("restart: first round re-adopted", "%,d RUNNING in %.2f s", states.getOrDefault("RUNNING", 0L), adopted);
        if (states.getOrDefault("RUNNING", 0L) != TASKS) {
          report.fail("after the restart " + states + ", not " + TASKS + " RUNNING");
        }

        SimDriver sim = (SimDriver) after.getBean(Fleet.class).driver("sim").orElseThrow();
        long vanishing = 0;
        for (Map.Entry<String, Long> node : runningByNode(db).entrySet()) {
          if (vanishing >= LOST) {
            break;
          }
          sim.takeDown(node.getKey().substring(node.getKey().indexOf('/') + 1));
          vanishing += node.getValue();
        }
        long lostStart = System.nanoTime();
        reconciler.round();
        double lostSeconds = (System.nanoTime() - lostStart) / 1e9;
        long lost = Fleets.tasksByState(db).getOrDefault("LOST", 0L);
        report.figure("vanished tasks found LOST", "%,d of %,d in %.2f s", lost, vanishing, lostSeconds);
        if (lost != vanishing) {
          report.fail(lost + " tasks LOST, but " + vanishing + " vanished");
        }
        BenchTenants.brokenInvariants(db).forEach(report::fail);
        report.atMost("reconciler re-adoption of 10,000 tasks", adopted, 10, "s");
        report.atMost("reconciler LOST detection", lostSeconds, 10, "s");
      }
    }
  }

  /** RUNNING tasks per node ("pool/node"), in node order. */
  private static Map<String, Long> runningByNode(BenchDatabase db) throws Exception {
    Map<String, Long> byNode = new java.util.LinkedHashMap<>();
    try (Connection c = db.platformConnection();
        var s = c.createStatement();
        ResultSet r = s.executeQuery("select node_id, count(*) from task where state = 'RUNNING' group by 1 order by 1")) {
      while (r.next()) {
        byNode.put(r.getString(1), r.getLong(2));
      }
    }
    return byNode;
  }

  private static WorkloadSpec spec(String name) {
    return WorkloadSpecs.service(name).command("sleep", "3600").memory(128).instances(100).on("sim");
  }
}
