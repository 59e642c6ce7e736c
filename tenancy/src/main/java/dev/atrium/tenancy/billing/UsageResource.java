package dev.atrium.tenancy.billing;

/**
 * The metered resources, in the order exports list them, with the unit of their quantities. The key
 * also names the resource's columns in the export's SQL ({@code cpu}, {@code cpu_quota}).
 */
public enum UsageResource {
  CPU("cpu", "millicore_seconds"),
  GPU("gpu", "gpu_seconds"),
  MEMORY("memory", "mib_seconds");

  private final String key;
  private final String unit;

  UsageResource(String key, String unit) {
    this.key = key;
    this.unit = unit;
  }

  public String key() {
    return key;
  }

  public String unit() {
    return unit;
  }
}
