package dev.atrium.portal.api.tenant;

import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.quota.Quota;
import io.swagger.v3.oas.annotations.media.Schema;

/** Quota limits as sent by a client; a missing number is a validation error, never a zero. */
@Schema(example = "{\"cpuMillis\":8000,\"memoryMiB\":16384,\"gpus\":1,\"workloads\":40}")
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
