package dev.atrium.cluster.version;

import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import java.util.List;
import java.util.Map;

/**
 * What a workload's containers run: the part of a workload that changes from version to version. A
 * task runs the template of the version it was made with.
 */
public record Template(String image, List<String> command, Map<String, String> env, Resources resources, HealthCheck healthCheck) {

  /** The names of the fields in which {@code other} differs from this, in the API's words. */
  public List<String> changedIn(Template other) {
    List<String> changed = new java.util.ArrayList<>();
    if (!image.equals(other.image)) {
      changed.add("image");
    }
    if (!command.equals(other.command)) {
      changed.add("command");
    }
    if (!env.equals(other.env)) {
      changed.add("env");
    }
    if (!resources.equals(other.resources)) {
      changed.add("resources");
    }
    if (!java.util.Objects.equals(healthCheck, other.healthCheck)) {
      changed.add("healthCheck");
    }
    return changed;
  }
}
