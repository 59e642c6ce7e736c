package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.RequestRules;
import dev.atrium.cluster.endpoint.PortRules;
import dev.atrium.cluster.health.HealthRules;
import dev.atrium.cluster.schedule.CronSchedule;
import dev.atrium.cluster.version.Template;
import dev.atrium.tenancy.access.Validator;
import java.util.regex.Pattern;

/** The rules a workload request must meet before anything is admitted. */
public final class WorkloadValidation {

  static final int MAX_INSTANCES = RequestRules.MAX_INSTANCES;
  static final int MAX_ENV_VALUE = 32 * 1024;
  private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

  private WorkloadValidation() {}

  static void check(WorkloadSpec spec, Fleet fleet) {
    Validator v = new Validator();
    RequestRules.checkName(v, spec.name());
    v.require(spec.kind() != null, "kind", "must be SERVICE, JOB or CRON");
    checkContainer(v, spec.image(), spec.command(), spec.env());
    RequestRules.checkShape(v, spec.resources(), spec.instances(), spec.nodeLabels());
    RequestRules.checkPool(v, spec.pool(), fleet);
    v.require(spec.durationSeconds() == null || spec.durationSeconds() > 0, "durationSeconds", "must be positive");
    checkCron(v, spec);
    v.require(spec.healthCheck() == null || spec.kind() == WorkloadKind.SERVICE, "healthCheck", "is for SERVICE workloads");
    HealthRules.check(v, spec.healthCheck());
    v.require(spec.ports() == null || spec.ports().isEmpty() || spec.kind() == WorkloadKind.SERVICE, "ports", "are for SERVICE workloads");
    PortRules.check(v, spec.ports());
    if (spec.spreadBy() != null) {
      v.require(spec.kind() == WorkloadKind.SERVICE, "spreadBy", "is for SERVICE workloads");
      RequestRules.checkLabelKey(v, spec.spreadBy(), "spreadBy");
    }
    if (spec.rollout() != null) {
      v.require(spec.kind() == WorkloadKind.SERVICE, "rollout", "is for SERVICE workloads: only they roll new versions out");
      checkRollout(v, spec.rollout());
    }
    v.throwIfInvalid();
  }

  /**
   * A change of a workload's template: each field given must be valid as on a create. {@code
   * resources} is checked for {@code instances} of it.
   */
  public static void checkTemplate(Validator v, WorkloadKind kind, Template template, int instances) {
    checkContainer(v, template.image(), template.command(), template.env());
    RequestRules.checkShape(v, template.resources(), instances, java.util.Map.of());
    v.require(template.healthCheck() == null || kind == WorkloadKind.SERVICE, "healthCheck", "is for SERVICE workloads");
    HealthRules.check(v, template.healthCheck());
  }

  /** Surge and unavailability: each 0–1000, and not both 0, or a rollout could never move. */
  public static void checkRollout(Validator v, RolloutStrategy rollout) {
    RolloutStrategy r = rollout.normalised();
    v.range(r.maxSurge(), 0, MAX_INSTANCES, "rollout.maxSurge");
    v.range(r.maxUnavailable(), 0, MAX_INSTANCES, "rollout.maxUnavailable");
    v.require(
        r.maxSurge() > 0 || r.maxUnavailable() > 0,
        "rollout.maxUnavailable",
        "must be at least 1 when maxSurge is 0: a rollout must be able to start a new task or stop an old one");
  }

  private static void checkContainer(Validator v, String image, java.util.List<String> command, java.util.Map<String, String> env) {
    v.require(image != null && !image.isBlank(), "image", "is required");
    v.require(image == null || image.length() <= 512, "image", "must be at most 512 characters");
    v.require(command == null || command.size() <= 256, "command", "must have at most 256 parts");
    v.require(
        command == null || command.stream().allMatch(c -> c != null && c.length() <= 8192),
        "command",
        "parts must be at most 8192 characters");
    if (env != null) {
      v.require(env.size() <= 256, "env", "must have at most 256 variables");
      env.forEach((key, value) -> {
        v.require(key != null && ENV_KEY.matcher(key).matches(), "env", "names must be letters, digits and _ (" + key + ")");
        v.require(value != null && value.length() <= MAX_ENV_VALUE, "env." + key, "must be at most " + MAX_ENV_VALUE + " characters");
      });
    }
  }

  /** The longest a run may wait to start: it bounds how far back a leader that was down catches up. */
  static final int MAX_DEADLINE_SECONDS = 7 * 24 * 3600;

  static final int MIN_DEADLINE_SECONDS = 10;

  /** A CRON workload's schedule, zone, policy and deadline; none of them on the other kinds. */
  private static void checkCron(Validator v, WorkloadSpec spec) {
    CronSpec cron = spec.cron();
    if (spec.kind() != WorkloadKind.CRON) {
      v.require(cron == null, "schedule", "is only for CRON workloads");
      return;
    }
    v.require(cron != null && cron.schedule() != null, "schedule", "is required for a CRON workload, e.g. \"30 2 * * *\" or @daily");
    v.require(spec.reservation() == null, "reservation", "is not for CRON workloads: each run is admitted against the quota");
    if (cron == null) {
      return;
    }
    if (cron.schedule() != null) {
      try {
        CronSchedule.of(cron.schedule(), cron.timeZone());
      } catch (CronSchedule.Invalid e) {
        v.require(false, e.field(), e.getMessage());
      }
    }
    if (cron.startingDeadlineSeconds() != null) {
      // At least a few reconciler rounds: a shorter deadline would leave every run MISSED.
      v.range(cron.startingDeadlineSeconds(), MIN_DEADLINE_SECONDS, MAX_DEADLINE_SECONDS, "startingDeadlineSeconds");
    }
  }

  /** The schedule of a CRON workload that has passed {@link #check}. */
  static CronSchedule schedule(CronSpec cron) {
    return CronSchedule.of(cron.schedule(), cron.timeZone());
  }

  static void checkScale(Integer instances) {
    Validator v = new Validator().require(instances != null, "instances", "is required");
    if (instances != null) {
      v.range(instances, 0, MAX_INSTANCES, "instances");
    }
    v.throwIfInvalid();
  }
}
