package dev.atrium.tenancy.billing;

/**
 * The metered resources, in the order exports list them, with the unit of their quantities. The key
 * also names the resource's columns in the export's SQL ({@code cpu}, {@code cpu_quota}).
 */
public enum UsageResource {
  CPU("cpu", "millicore_seconds", "cpu"),
  GPU("gpu", "gpu_seconds", "gpu"),
  MEMORY("memory", "mib_seconds", "memory"),
  /** Capacity an ACTIVE reservation kept, used or not; its quota limit is the resource's own. */
  RESERVED_CPU("reserved_cpu", "millicore_seconds", "cpu"),
  RESERVED_GPU("reserved_gpu", "gpu_seconds", "gpu"),
  RESERVED_MEMORY("reserved_memory", "mib_seconds", "memory");

  private final String key;
  private final String unit;
  private final String quotaOf;

  UsageResource(String key, String unit, String quotaOf) {
    this.key = key;
    this.unit = unit;
    this.quotaOf = quotaOf;
  }

  /** The resource whose quota limits this one ({@code cpu} for {@code reserved_cpu}). */
  public String quotaOf() {
    return quotaOf;
  }

  public boolean reserved() {
    return !key.equals(quotaOf);
  }

  /** The resource itself: CPU for reserved CPU. */
  public UsageResource base() {
    return switch (this) {
      case RESERVED_CPU -> CPU;
      case RESERVED_GPU -> GPU;
      case RESERVED_MEMORY -> MEMORY;
      default -> this;
    };
  }

  public String key() {
    return key;
  }

  public String unit() {
    return unit;
  }
}
