package dev.atrium.portal.api.input;

import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.access.Validator;

/** Per-instance resources as a request gives them: CPU and memory required, GPUs 0 unless given. */
public record ResourcesBody(Long cpuMillis, Long memoryMiB, Long gpus) {

  /** The resources asked for; a missing body, CPU or memory is a validation error naming it. */
  public static Resources required(ResourcesBody r) {
    Validator validator = new Validator().require(r != null, "resources", "is required");
    if (r != null) {
      validator
          .require(r.cpuMillis() != null, "resources.cpuMillis", "is required")
          .require(r.memoryMiB() != null, "resources.memoryMiB", "is required");
    }
    validator.throwIfInvalid();
    return new Resources(r.cpuMillis(), r.memoryMiB(), r.gpus() == null ? 0 : r.gpus());
  }
}
