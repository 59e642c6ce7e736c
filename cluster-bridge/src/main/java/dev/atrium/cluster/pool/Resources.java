package dev.atrium.cluster.pool;

/** An amount of CPU (millicores), memory (MiB) and GPUs. */
public record Resources(long cpuMillis, long memoryMiB, long gpus) {

  public static final Resources NONE = new Resources(0, 0, 0);

  public Resources times(long n) {
    return new Resources(cpuMillis * n, memoryMiB * n, gpus * n);
  }

  public Resources plus(Resources other) {
    return new Resources(cpuMillis + other.cpuMillis, memoryMiB + other.memoryMiB, gpus + other.gpus);
  }

  public Resources minus(Resources other) {
    return new Resources(cpuMillis - other.cpuMillis, memoryMiB - other.memoryMiB, gpus - other.gpus);
  }

  public boolean fitsIn(Resources room) {
    return cpuMillis <= room.cpuMillis && memoryMiB <= room.memoryMiB && gpus <= room.gpus;
  }

  /** The largest share this amount takes of {@code total}, over the three resources (DRF's measure). */
  public double dominantShareOf(Resources total) {
    return Math.max(share(cpuMillis, total.cpuMillis), Math.max(share(memoryMiB, total.memoryMiB), share(gpus, total.gpus)));
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
