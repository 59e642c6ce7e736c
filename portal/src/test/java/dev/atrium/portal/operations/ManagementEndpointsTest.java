package dev.atrium.portal.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.metrics.StateGauges;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Operators' endpoints: metrics and probes on the management port, nothing of them on the portal's. */
@PortalTest
class ManagementEndpointsTest {

  /** Every metric the README's table names, as Prometheus reads them. */
  static final String[] METRICS = {
    "atrium_admissions_total",
    "atrium_admission_duration_seconds_bucket",
    "atrium_tasks",
    "atrium_tasks_pending",
    "atrium_reconciler_round_duration_seconds_count",
    "atrium_reconciler_leader",
    "atrium_quota_use_ratio",
    "atrium_reservations",
    "atrium_cron_runs",
    "atrium_metering_lag_seconds",
    "http_server_requests_seconds_count",
    "jvm_memory_used_bytes",
    "hikaricp_connections_active",
  };

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired StateGauges gauges;

  @Test
  void theActuatorIsNotOnThePortalsPort() {
    for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator", "/actuator/env"}) {
      assertThat(Api.as(port, null).get(path).status()).as(path).isEqualTo(404);
      assertThat(Api.as(port, "ada").get(path).status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void probesSayWhatKubernetesAsks() {
    JsonNode readiness = management().get("/actuator/health/readiness").json();
    assertThat(readiness.get("status").asText()).isEqualTo("UP");
    assertThat(readiness.get("components").fieldNames()).toIterable().containsExactlyInAnyOrder("db", "identityProvider", "migrations", "readinessState");
    assertThat(readiness.findValuesAsText("status")).containsOnly("UP");
    assertThat(readiness.findValue("details")).as("details stay out of what the port tells").isNull();
    JsonNode liveness = management().get("/actuator/health/liveness").json();
    assertThat(liveness.get("status").asText()).isEqualTo("UP");
    assertThat(management().get("/actuator/env").status()).isEqualTo(404);
  }

  @Test
  void aLaunchMovesTheCounters() {
    gauges.refresh();
    String before = scrape();
    double admitted = value(before, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "admitted"));
    double overQuota = value(before, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "quota_exceeded"));
    double invalid = value(before, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "validation"));
    double latencies = value(before, "atrium_admission_duration_seconds_count", Map.of("kind", "workload"));
    double booked = value(before, "atrium_admissions_total", Map.of("kind", "reservation", "outcome", "admitted"));

    Api carol = Api.as(port, "carol");
    assertThat(carol.post("/api/v1/tenants/acme/workloads", workload(100, 3)).status()).isEqualTo(201);
    assertThat(carol.post("/api/v1/tenants/acme/workloads", workload(3000, 2)).status()).isEqualTo(409);
    assertThat(carol.post("/api/v1/tenants/acme/workloads", workload(0, 1)).status()).isEqualTo(400);
    java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    assertThat(carol.post("/api/v1/tenants/acme/reservations", """
        {"name":"m%s","pool":"sim","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},"instances":1,"start":"%s","end":"%s"}"""
        .formatted(UUID.randomUUID().toString().substring(0, 8), start, start.plusSeconds(600))).status()).isEqualTo(201);
    gauges.refresh();

    String after = scrape();
    for (String metric : METRICS) {
      assertThat(after).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
    }
    assertThat(value(after, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "admitted"))).isEqualTo(admitted + 1);
    assertThat(value(after, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "quota_exceeded"))).isEqualTo(overQuota + 1);
    assertThat(value(after, "atrium_admissions_total", Map.of("kind", "workload", "outcome", "validation"))).isEqualTo(invalid + 1);
    assertThat(value(after, "atrium_admission_duration_seconds_count", Map.of("kind", "workload"))).isEqualTo(latencies + 3);
    assertThat(value(after, "atrium_admissions_total", Map.of("kind", "reservation", "outcome", "admitted"))).isEqualTo(booked + 1);
    double simTasks =
        value(after, "atrium_tasks", Map.of("pool", "sim", "state", "PENDING"))
            + value(after, "atrium_tasks", Map.of("pool", "sim", "state", "STAGING"))
            + value(after, "atrium_tasks", Map.of("pool", "sim", "state", "RUNNING"));
    assertThat(simTasks).isGreaterThanOrEqualTo(3);
    assertThat(value(after, "atrium_quota_use_ratio", Map.of("tenant", "acme", "resource", "cpu"))).isBetween(0.0, 1.0).isPositive();
    assertThat(value(after, "atrium_metering_lag_seconds", Map.of())).isGreaterThanOrEqualTo(0);
  }

  @Test
  void everyAnswerCarriesItsRequestId() {
    Api.Response given = Api.as(port, "carol").header("X-Request-Id", "trace-42").get("/api/v1/me");
    assertThat(given.header("X-Request-Id")).isEqualTo("trace-42");
    Api.Response made = Api.as(port, "carol").header("X-Request-Id", "not a sensible id").get("/api/v1/me");
    assertThat(made.header("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  private Api management() {
    return Api.as(managementPort, null);
  }

  private String scrape() {
    Api.Response response = management().get("/actuator/prometheus");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  /** The sample of {@code name} whose labels include {@code labels}; 0 when there is none yet. */
  static double value(String scrape, String name, Map<String, String> labels) {
    Matcher sample = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
    while (sample.find()) {
      String shown = sample.group(1) == null ? "" : sample.group(1);
      if (labels.entrySet().stream().allMatch(l -> shown.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
        return Double.parseDouble(sample.group(2));
      }
    }
    return 0;
  }

  private static String workload(int cpu, int instances) {
    return """
        {"name":"m%s","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","600"],
         "resources":{"cpuMillis":%d,"memoryMiB":64,"gpus":0},"instances":%d,"pool":"sim"}"""
        .formatted(UUID.randomUUID().toString().substring(0, 8), cpu, instances);
  }
}
