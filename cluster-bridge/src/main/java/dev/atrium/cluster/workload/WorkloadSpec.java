package dev.atrium.cluster.workload;

import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.version.Template;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a tenant asks to run: {@code instances} copies of one container, each holding {@code
 * resources}, on a pool, optionally only on nodes with {@code nodeLabels}. {@code durationSeconds}
 * is how long a job runs on the simulated fleet. {@code reservation}: the id of one of the tenant's
 * ACTIVE reservations whose slots the instances run in, drawing on it rather than on the quota.
 * {@code cron}: when a CRON workload runs (null for the other kinds); each run is a JOB's worth of
 * tasks. {@code healthCheck}: how a SERVICE's tasks are checked (null: RUNNING once started). A
 * SERVICE's instances spread over nodes where they can; {@code spreadBy} names a node label (such as
 * {@code zone}) whose values they spread over first. {@code ports}: what a SERVICE's containers
 * listen on, made reachable as endpoints. {@code rollout}: how a SERVICE rolls a new version out.
 */
public record WorkloadSpec(
    String name,
    WorkloadKind kind,
    String image,
    List<String> command,
    Map<String, String> env,
    Resources resources,
    Integer instances,
    String pool,
    Map<String, String> nodeLabels,
    Integer durationSeconds,
    UUID reservation,
    CronSpec cron,
    HealthCheck healthCheck,
    String spreadBy,
    List<Port> ports,
    RolloutStrategy rollout) {

  /** The same spec, running {@code instances}. */
  public WorkloadSpec withInstances(int instances) {
    return new WorkloadSpec(name, kind, image, command, env, resources, instances, pool, nodeLabels, durationSeconds, reservation, cron, healthCheck, spreadBy, ports, rollout);
  }

  /** What the containers run, which changes from version to version. */
  public Template template() {
    return new Template(image, command, env, resources, healthCheck);
  }

  /** The same spec running {@code template}. */
  public WorkloadSpec with(Template template) {
    return new WorkloadSpec(
        name, kind, template.image(), template.command(), template.env(), template.resources(), instances, pool, nodeLabels, durationSeconds,
        reservation, cron, template.healthCheck(), spreadBy, ports, rollout);
  }
}
