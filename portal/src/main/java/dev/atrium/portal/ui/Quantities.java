package dev.atrium.portal.ui;

import dev.atrium.cluster.pool.Amounts;

/**
 * Resource amounts as people write them: "1 core", "0.25 cores", "512 MiB", "976.6 GiB", rather than
 * millicores and MiB; the same words the cluster bridge's reasons use.
 */
public final class Quantities {

  private Quantities() {}

  public static String cpu(long millis) {
    return Amounts.cpu(millis);
  }

  public static String memory(long mib) {
    return Amounts.memory(mib);
  }
}
