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

/** A workload as the API shows it. */
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
    String state,
    String reason,
    Instant createdAt,
    List<TaskJson> tasks) {

  record TaskJson(
      UUID id, int instance, String state, String node, String pool, String reason, int restarts, Instant startedAt, Instant endedAt,
      Map<String, String> endpoints) {
    static TaskJson of(Task t) {
      String node = Node.nameOf(t.nodeId());
      return new TaskJson(
          t.id(), t.instance(), t.state().name(), node, t.pool(), t.reason(), t.restarts(), t.startedAt(), t.endedAt(),
          t.endpoints().isEmpty() ? null : t.endpoints());
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
        w.state(), w.reason(), w.createdAt(),
        w.tasks().stream().map(TaskJson::of).toList());
  }
}
