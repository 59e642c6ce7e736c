package dev.atrium.portal.api.workload;

import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.Workload;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.swagger.v3.oas.annotations.media.Schema;

/** A workload as the API shows it. */
@Schema(example = "{\"id\":\"5f0c3a9e-8a51-4f7e-9d43-1b2f7c1e0a6d\",\"name\":\"web\",\"kind\":\"SERVICE\",\"image\":\"localhost/busybox:latest\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"],\"env\":{},\"resources\":{\"cpuMillis\":250,\"memoryMiB\":128,\"gpus\":0},\"instances\":2,\"pool\":\"local\",\"nodeLabels\":{},\"version\":1,\"state\":\"RUNNING\",\"createdAt\":\"2026-11-26T08:00:00Z\",\"tasks\":[{\"id\":\"c1a2b3c4-0000-4000-8000-000000000001\",\"instance\":0,\"version\":1,\"state\":\"RUNNING\",\"node\":\"localhost\",\"pool\":\"local\",\"restarts\":0,\"startedAt\":\"2026-11-26T08:00:02Z\"}]}")
record WorkloadJson(
    UUID id,
    String name,
    String kind,
    String image,
    List<String> command,
    Map<String, String> env,
    Resources resources,
    int instances,
    String pool,
    Map<String, String> nodeLabels,
    Integer durationSeconds,
    UUID reservation,
    String schedule,
    String timeZone,
    String concurrencyPolicy,
    Integer startingDeadlineSeconds,
    Boolean suspended,
    List<OffsetDateTime> nextRuns,
    HealthCheck healthCheck,
    String spreadBy,
    List<Port> ports,
    List<EndpointJson> endpoints,
    int version,
    RolloutJson rollout,
    String state,
    String reason,
    Instant createdAt,
    List<TaskJson> tasks) {

  record TaskJson(
      UUID id, int instance, int version, String state, String node, String pool, String reason, int restarts, Instant startedAt, Instant endedAt,
      Map<String, String> endpoints) {
    static TaskJson of(Task t) {
      String node = Node.nameOf(t.nodeId());
      return new TaskJson(
          t.id(), t.instance(), t.version(), t.state().name(), node, t.pool(), t.reason(), t.restarts(), t.startedAt(), t.endedAt(),
          t.endpoints().isEmpty() ? null : t.endpoints());
    }
  }

  /**
   * A SERVICE's rollout of its current {@code version}: {@code updated} tasks of it run (healthy, where
   * checked), {@code available} run of any version, {@code old} of earlier versions are still live;
   * {@code previousVersion} is where a rollback returns to.
   */
  record RolloutJson(
      int version, String state, long updated, long available, long old, int instances, String reason, Integer previousVersion,
      int maxSurge, int maxUnavailable) {
    static RolloutJson of(Workload w) {
      var r = w.rollout();
      var strategy = w.spec().rollout();
      return new RolloutJson(
          r.version(), r.state().name(), w.updated(), w.available(), w.old(), w.spec().instances(), r.reason(), r.previousVersion(),
          strategy.maxSurge(), strategy.maxUnavailable());
    }
  }

  /** Where a live task's port is reached: {@code 127.0.0.1:41234} on local, a Service's address on Kubernetes. */
  record EndpointJson(UUID task, String port, String address) {}

  static WorkloadJson of(Workload w) {
    var s = w.spec();
    var cron = s.cron();
    return new WorkloadJson(
        w.id(), s.name(), s.kind().name(), s.image(), s.command(), s.env(), s.resources(), s.instances(), s.pool(),
        s.nodeLabels(), s.durationSeconds(), s.reservation(),
        cron == null ? null : cron.schedule(),
        cron == null ? null : cron.timeZone(),
        cron == null ? null : cron.concurrencyPolicy().name(),
        cron == null ? null : cron.startingDeadlineSeconds(),
        cron == null ? null : cron.isSuspended(),
        cron == null ? null : w.nextRuns().stream().map(ZonedDateTime::toOffsetDateTime).toList(),
        s.healthCheck(),
        s.spreadBy(),
        s.ports(),
        w.tasks().stream().filter(t -> t.state() == dev.atrium.cluster.workload.TaskState.RUNNING) // healthy, where checked
            .flatMap(t -> t.endpoints().entrySet().stream().map(e -> new EndpointJson(t.id(), e.getKey(), e.getValue())))
            .toList(),
        w.rollout().version(),
        s.kind() == dev.atrium.cluster.workload.WorkloadKind.SERVICE ? RolloutJson.of(w) : null,
        w.state(), w.reason(), w.createdAt(),
        w.tasks().stream().map(TaskJson::of).toList());
  }
}
