package dev.atrium.cluster.rollout;

import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.version.Template;
import dev.atrium.cluster.workload.RolloutStrategy;
import java.util.List;
import java.util.Map;

/**
 * A change of a workload's template, rollout strategy or pause, as a PATCH asks it: each field null
 * when not asked to change.
 */
public record VersionChange(
    String image,
    List<String> command,
    Map<String, String> env,
    PartialResources resources,
    HealthCheck healthCheck,
    RolloutStrategy strategy,
    Boolean paused) {

  /** Per-instance resources as a change gives them: each null when it stays as it is. */
  public record PartialResources(Long cpuMillis, Long memoryMiB, Long gpus) {

    public static PartialResources of(Resources all) {
      return new PartialResources(all.cpuMillis(), all.memoryMiB(), all.gpus());
    }

    Resources applyTo(Resources current) {
      return new Resources(
          cpuMillis != null ? cpuMillis : current.cpuMillis(),
          memoryMiB != null ? memoryMiB : current.memoryMiB(),
          gpus != null ? gpus : current.gpus());
    }
  }

  /** Whether it changes what the containers run. */
  boolean changesTemplate() {
    return image != null || command != null || env != null || resources != null || healthCheck != null;
  }

  /** {@code current} with the fields this change gives. */
  Template applyTo(Template current) {
    return new Template(
        image != null ? image : current.image(),
        command != null ? command : current.command(),
        env != null ? env : current.env(),
        resources != null ? resources.applyTo(current.resources()) : current.resources(),
        healthCheck != null ? healthCheck.normalised() : current.healthCheck());
  }
}
