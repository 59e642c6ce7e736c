package dev.atrium.tenancy.quota;

import dev.atrium.tenancy.access.Validator;

/**
 * Limits (or amounts held) of the resources a tenant may use at once. {@code cpuMillis}: 1000 is one
 * core; {@code workloads}: a count. Every value is between 0 and {@value #MAX}.
 */
public record Quota(long cpuMillis, long memoryMiB, long gpus, long workloads) {

  public static final long MAX = 1_000_000_000L;
  public static final Quota NONE = new Quota(0, 0, 0, 0);

  /** Adds this quota's errors, under {@code prefix} (e.g. "quota."), to a validator. */
  public Validator check(Validator validator, String prefix) {
    return validator
        .range(cpuMillis, 0, MAX, prefix + "cpuMillis")
        .range(memoryMiB, 0, MAX, prefix + "memoryMiB")
        .range(gpus, 0, MAX, prefix + "gpus")
        .range(workloads, 0, MAX, prefix + "workloads");
  }
}
