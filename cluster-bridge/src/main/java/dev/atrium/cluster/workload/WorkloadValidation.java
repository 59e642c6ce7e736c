package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.RequestRules;
import dev.atrium.tenancy.access.Validator;
import java.util.regex.Pattern;

/** The rules a workload request must meet before anything is admitted. */
final class WorkloadValidation {

  static final int MAX_INSTANCES = RequestRules.MAX_INSTANCES;
  static final int MAX_ENV_VALUE = 32 * 1024;
  private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

  private WorkloadValidation() {}

  static void check(WorkloadSpec spec, Fleet fleet) {
    Validator v = new Validator();
    RequestRules.checkName(v, spec.name());
    v.require(spec.kind() != null, "kind", "must be SERVICE or JOB");
    v.require(spec.kind() != WorkloadKind.CRON, "kind", "CRON workloads are not available yet; use SERVICE or JOB");
    v.require(spec.image() != null && !spec.image().isBlank(), "image", "is required");
    v.require(spec.image() == null || spec.image().length() <= 512, "image", "must be at most 512 characters");
    v.require(spec.command() == null || spec.command().size() <= 256, "command", "must have at most 256 parts");
    v.require(
        spec.command() == null || spec.command().stream().allMatch(c -> c != null && c.length() <= 8192),
        "command",
        "parts must be at most 8192 characters");
    if (spec.env() != null) {
      v.require(spec.env().size() <= 256, "env", "must have at most 256 variables");
      spec.env().forEach((key, value) -> {
        v.require(key != null && ENV_KEY.matcher(key).matches(), "env", "names must be letters, digits and _ (" + key + ")");
        v.require(value != null && value.length() <= MAX_ENV_VALUE, "env." + key, "must be at most " + MAX_ENV_VALUE + " characters");
      });
    }
    RequestRules.checkShape(v, spec.resources(), spec.instances(), spec.nodeLabels());
    RequestRules.checkPool(v, spec.pool(), fleet);
    v.require(spec.durationSeconds() == null || spec.durationSeconds() > 0, "durationSeconds", "must be positive");
    v.throwIfInvalid();
  }

  static void checkScale(Integer instances) {
    Validator v = new Validator().require(instances != null, "instances", "is required");
    if (instances != null) {
      v.range(instances, 0, MAX_INSTANCES, "instances");
    }
    v.throwIfInvalid();
  }
}
