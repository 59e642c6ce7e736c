package dev.atrium.tenancy.billing;

/**
 * One tenant's totals over a range: what it held ({@code millicore-seconds, MiB-seconds,
 * GPU-seconds}) and what its quota allowed over the same range, in the same units.
 */
public record TenantUsage(
    String tenant,
    String tenantName,
    long cpuMillicoreSeconds,
    long mibSeconds,
    long gpuSeconds,
    long cpuQuota,
    long memoryQuota,
    long gpuQuota) {

  /** Held over allowed, 0 to 1 (or more where a lowered quota is below what was held); 0 with no quota. */
  public static double share(long held, long allowed) {
    return allowed == 0 ? 0 : (double) held / allowed;
  }
}
