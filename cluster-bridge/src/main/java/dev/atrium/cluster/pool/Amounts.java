package dev.atrium.cluster.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Resource amounts as people write them, for the reasons and refusals Atrium gives in words: "1 core",
 * "0.25 cores", "512 MiB", "976.6 GiB", rather than millicores and MiB.
 */
public final class Amounts {

  private static final long GIB = 1024;
  private static final long TIB = 1024 * 1024;

  private Amounts() {}

  /** Cores, exact to the millicore: "1 core", "2 cores", "0.25 cores". */
  public static String cpu(long millis) {
    String cores = BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    return cores + (millis == 1000 ? " core" : " cores");
  }

  /** Whole MiB below a GiB; GiB (and TiB) to one decimal above, whole where they are whole. */
  public static String memory(long mib) {
    if (mib == 0) {
      return "0 GiB";
    }
    if (Math.abs(mib) < GIB) {
      return mib + " MiB";
    }
    return Math.abs(mib) < TIB ? scaled(mib, GIB) + " GiB" : scaled(mib, TIB) + " TiB";
  }

  /** "1 GPU", "2 GPUs". */
  public static String gpus(long gpus) {
    return gpus + (gpus == 1 ? " GPU" : " GPUs");
  }

  /** One instance's resources: "0.5 cores, 256 MiB" (and its GPUs, if any). */
  public static String of(Resources r) {
    return cpu(r.cpuMillis()) + ", " + memory(r.memoryMiB()) + (r.gpus() > 0 ? ", " + gpus(r.gpus()) : "");
  }

  private static String scaled(long mib, long unit) {
    return BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(unit), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
