package dev.atrium.portal.ui;

/** Resource amounts as people read them: cores and GiB rather than millicores and MiB. */
public final class Quantities {

  private Quantities() {}

  public static String cpu(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " cores" : String.format("%.2f cores", millis / 1000.0);
  }

  public static String memory(long mib) {
    return mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB";
  }
}
