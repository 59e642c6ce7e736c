package dev.atrium.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's figures as it prints them, each next to the previous run's (from
 * {@code benchmarks/results/<name>.txt}, rewritten at the end), and its ratios printed last.
 */
final class Report {

  private final String name;
  private final Map<String, String> previous = new LinkedHashMap<>();
  private final Map<String, String> figures = new LinkedHashMap<>();
  private final List<String> ratios = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  Report(String name) {
    this.name = name;
    Path file = file();
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf(" = ");
          if (!line.startsWith("#") && eq > 0) {
            previous.put(line.substring(0, eq).trim(), line.substring(eq + 3).trim());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    System.out.printf("%n== %s ==%n", name);
  }

  void figure(String key, String format, Object... args) {
    String value = String.format(format, args);
    figures.put(key, value);
    String was = previous.get(key);
    System.out.printf("  %-44s %s%s%n", key, value, was == null || was.equals(value) ? "" : "   (last run: " + was + ")");
  }

  /** A ratio measured in this run, with its target; printed at the end. */
  void ratio(String key, double value, double target) {
    figure(key, "%.2f", value);
    ratios.add(String.format("ratio %-40s %6.2f  (target %s %.2f) %s", key, value, "\u2265", target, value >= target ? "met" : "NOT MET"));
  }

  /** A number that must not exceed its target. */
  void atMost(String key, double value, double target, String unit) {
    figure(key, "%.2f %s", value, unit);
    ratios.add(String.format("target %-39s %6.2f %s (target \u2264 %.2f) %s", key, value, unit, target, value <= target ? "met" : "NOT MET"));
  }

  /** An invariant that was broken: the run fails. */
  void fail(String why) {
    failures.add(why);
    System.out.println("  INVARIANT BROKEN: " + why);
  }

  List<String> ratios() {
    return ratios;
  }

  List<String> failures() {
    return failures;
  }

  /** Writes this run's figures over the last run's: "key = value" lines, in the order printed. */
  void save() {
    List<String> lines = new ArrayList<>();
    lines.add("# Atrium benchmark " + name + ": ./atrium bench " + name);
    lines.add("# measured " + Instant.now() + " on " + Machine.describe());
    figures.forEach((key, value) -> lines.add(key + " = " + value));
    try {
      Files.createDirectories(file().getParent());
      Files.write(file(), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file() {
    return Path.of("results", name + ".txt");
  }
}
