package dev.atrium.portal.api.tenant;

import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.quota.Quota;

/** Quota limits as sent by a client; a missing number is a validation error, never a zero. */
record QuotaBody(Long cpuMillis, Long memoryMiB, Long gpus, Long workloads) {

  /** The quota, or {@code null} with the missing fields added to {@code validator}. */
  Quota toQuota(Validator validator, String prefix) {
    validator
        .require(cpuMillis != null, prefix + "cpuMillis", "is required")
        .require(memoryMiB != null, prefix + "memoryMiB", "is required")
        .require(gpus != null, prefix + "gpus", "is required")
        .require(workloads != null, prefix + "workloads", "is required");
    if (cpuMillis == null || memoryMiB == null || gpus == null || workloads == null) {
      return null;
    }
    return new Quota(cpuMillis, memoryMiB, gpus, workloads);
  }
}
