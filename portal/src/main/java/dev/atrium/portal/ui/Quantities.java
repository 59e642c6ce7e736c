package dev.atrium.portal.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Resource amounts as people write them: "1 core", "0.25 cores", "512 MiB", "976.6 GiB", rather than
 * millicores and MiB.
 */
public final class Quantities {

  private static final long GIB = 1024;
  private static final long TIB = 1024 * 1024;

  private Quantities() {}

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

  private static String scaled(long mib, long unit) {
    return BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(unit), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
