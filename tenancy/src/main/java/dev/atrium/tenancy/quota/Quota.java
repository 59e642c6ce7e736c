package dev.atrium.tenancy.quota;

/**
 * Limits (or amounts held) of the resources a tenant may use at once. {@code cpuMillis}: 1000 is one
 * core; {@code workloads}: a count. Every value is non-negative.
 */
public record Quota(long cpuMillis, long memoryMiB, long gpus, long workloads) {

  public static final Quota NONE = new Quota(0, 0, 0, 0);
}
