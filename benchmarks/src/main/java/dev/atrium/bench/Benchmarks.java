package dev.atrium.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./atrium bench [name...]}: runs the named benchmarks (all by default), prints each one's
 * figures, then one line per ratio and target. Exits non-zero if an invariant broke.
 */
public final class Benchmarks {

  interface Benchmark {
    void run(Report report) throws Exception;
  }

  private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

  static {
    ALL.put("usage-export", UsageExportBenchmark::run);
    ALL.put("admission", AdmissionBenchmark::run);
    ALL.put("placement", PlacementBenchmark::run);
    ALL.put("reconciler", ReconcilerBenchmark::run);
    ALL.put("seal", SealBenchmark::run);
    ALL.put("containers", ContainersBenchmark::run);
    ALL.put("api", ApiBenchmark::run);
  }

  private Benchmarks() {}

  /** {@code full} times {@code -Dbench.scale} (1 unless asked): a smaller run for a quick look. */
  static int scaled(int full) {
    return (int) Math.max(1, Math.round(full * Double.parseDouble(System.getProperty("bench.scale", "1"))));
  }

  public static void main(String[] args) throws Exception {
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      names.addAll(Arrays.asList(arg.split(",")));
    }
    if (names.isEmpty() || names.contains("all")) {
      names = new ArrayList<>(ALL.keySet());
    }
    for (String name : names) {
      if (!ALL.containsKey(name)) {
        System.err.println("No benchmark called " + name + "; there are " + ALL.keySet());
        System.exit(2);
      }
    }
    System.out.println("Atrium benchmarks on " + Machine.describe());
    List<Report> reports = new ArrayList<>();
    for (String name : names) {
      Report report = new Report(name);
      ALL.get(name).run(report);
      report.save();
      reports.add(report);
    }
    System.out.println();
    reports.forEach(r -> r.ratios().forEach(System.out::println));
    boolean broken = reports.stream().anyMatch(r -> !r.failures().isEmpty());
    System.exit(broken ? 1 : 0);
  }
}
