package dev.atrium.bench;

import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.quota.Quota;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real containers: podman's own CLI starts 100 busybox containers (one after another, then 8 at a
 * time, as Atrium's local pool launches, with the limits it sets), and then a 100-instance SERVICE on the local pool goes from
 * admitted to 100 RUNNING through the reconciler, on the same podman, image and runtime settings.
 */
final class ContainersBenchmark {

  static final int INSTANCES = Benchmarks.scaled(100);
  static final int AT_ONCE = 8;
  private static final Path SETUP = Path.of("../infra/podman/setup.sh");
  private static final Path CONTAINERS_CONF = Path.of("../cluster-bridge/src/main/resources/dev/atrium/cluster/driver/local/containers.conf");
  private static final String IMAGE = "localhost/busybox:latest";

  private ContainersBenchmark() {}

  static void run(Report report) throws Exception {
    String socket = run(List.of(SETUP.toString())).strip(); // podman serving, the image built
    double serial = podmanRun("serial", 1);
    double parallel = podmanRun("parallel", AT_ONCE);
    double podman = Math.min(serial, parallel);
    report.figure("podman run ×" + INSTANCES + ", one after another", "%.1f s (%.2f s each)", serial, serial / INSTANCES);
    report.figure("podman run ×" + INSTANCES + ", " + AT_ONCE + " at a time", "%.1f s", parallel);

    Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-home-");
    try (BenchDatabase db = BenchDatabase.start();
        ConfigurableApplicationContext context =
            BenchApplication.start(
                db,
                Map.of(
                    "atrium.home", home.toString(),
                    "atrium.cluster.pools[0].name", "local",
                    "atrium.cluster.pools[0].driver", "local",
                    "atrium.cluster.pools[0].local.docker-host", socket))) {
      BenchTenants.Member tenant = BenchTenants.create(context, 1, new Quota(100_000, 1_000_000, 0, 10)).get(0);
      WorkloadService workloads = context.getBean(WorkloadService.class);
      Reconciler reconciler = context.getBean(Reconciler.class);
      long start = System.nanoTime();
      Workload service = workloads.create(tenant.admin(), tenant.slug(),
          WorkloadSpecs.service("sleepers").image(IMAGE).command("sleep", "3600").cpu(10).memory(16).instances(INSTANCES).on("local"));
      int rounds = 0;
      long running = 0;
      while (running < INSTANCES && System.nanoTime() - start < 600e9) {
        reconciler.round();
        rounds++;
        running = Fleets.tasksByState(db).getOrDefault("RUNNING", 0L);
      }
      double atrium = (System.nanoTime() - start) / 1e9;
      report.figure("Atrium: " + INSTANCES + "-instance service admitted to RUNNING", "%.1f s in %d reconciler rounds (%,d RUNNING)", atrium, rounds, running);
      workloads.delete(tenant.admin(), tenant.slug(), service.id());
      reconciler.round(); // stops the containers
      BenchTenants.brokenInvariants(db).forEach(report::fail);
      if (running < INSTANCES) {
        report.fail("only " + running + " of " + INSTANCES + " instances ran within 10 minutes");
      }
      report.atMost("local pool / podman CLI, " + INSTANCES + " containers", atrium / podman, 2.0, "×");
    }
  }

  /** Seconds podman's CLI takes to start the containers, {@code atOnce} at a time; they are removed after. */
  private static double podmanRun(String name, int atOnce) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      names.add("atrium-bench-" + name + "-" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(atOnce);
    long start = System.nanoTime();
    try {
      List<Future<String>> started = new ArrayList<>();
      for (String container : names) {
        started.add(pool.submit(() -> run(List.of("podman", "run", "-d", "--name", container, "--memory", "16m", "--cpus", "0.01",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", IMAGE, "sleep", "3600"))));
      }
      for (Future<String> done : started) {
        done.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
      List<String> remove = new ArrayList<>(List.of("podman", "rm", "-f", "-t", "0", "--ignore"));
      remove.addAll(names);
      run(remove);
    }
  }

  /** Runs a command with Atrium's podman settings; its output, or an error with what it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toAbsolutePath().normalize().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }
}
