package dev.atrium.portal.api.input;

import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.access.Validator;

/** Per-instance resources as a request gives them: CPU and memory required, GPUs 0 unless given. */
public record ResourcesBody(Long cpuMillis, Long memoryMiB, Long gpus) {

  /** The resources asked for; a missing body, CPU or memory is a validation error naming it. */
  public static Resources required(ResourcesBody r) {
    return required(r, "resources.");
  }

  /** As {@link #required(ResourcesBody)}, the fields named with {@code prefix} (empty for query parameters). */
  public static Resources required(ResourcesBody r, String prefix) {
    Validator validator = new Validator().require(r != null, "resources", "is required");
    if (r != null) {
      validator
          .require(r.cpuMillis() != null, prefix + "cpuMillis", "is required")
          .require(r.memoryMiB() != null, prefix + "memoryMiB", "is required");
    }
    validator.throwIfInvalid();
    return new Resources(r.cpuMillis(), r.memoryMiB(), r.gpus() == null ? 0 : r.gpus());
  }
}
