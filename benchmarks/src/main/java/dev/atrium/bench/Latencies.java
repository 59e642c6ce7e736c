package dev.atrium.bench;

import java.util.Arrays;

/** Latencies of many calls, recorded without locks (one slot per call), and their percentiles. */
final class Latencies {

  private final long[] nanos;

  Latencies(int calls) {
    nanos = new long[calls];
  }

  void record(int call, long took) {
    nanos[call] = took;
  }

  /** The {@code p}-th percentile in milliseconds of the first {@code calls} calls. */
  double percentileMillis(int calls, double p) {
    long[] sorted = Arrays.copyOf(nanos, calls);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(calls - 1, Math.ceil(p / 100 * calls) - 1)] / 1e6;
  }
}
