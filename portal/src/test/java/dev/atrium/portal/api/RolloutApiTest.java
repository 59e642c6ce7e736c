package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Versions over HTTP: a PATCH of what a service runs answers its new version and the rollout under
 * way, the versions are listed, a rollback returns to the one before, every step is audited, and bad
 * changes are refused naming the field, changing nothing.
 */
@PortalTest
class RolloutApiTest {

  @LocalServerPort int port;

  private static final String WORKLOADS = "/api/v1/tenants/acme/workloads";

  private static String workload(String name, String kind, String extra) {
    return """
        {"name":"%s","kind":"%s","image":"localhost/busybox:latest","command":["sleep","600"],
         "resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},"instances":2,"pool":"sim"%s}"""
        .formatted(name, kind, extra);
  }

  @Test
  void aChangeMakesAVersionThatRollsOutAndARollbackReturnsToTheOneBefore() {
    Api carol = Api.as(port, "carol");
    JsonNode created = carol.post(WORKLOADS, workload("versioned", "SERVICE", ",\"rollout\":{\"maxSurge\":2}")).json();
    String path = WORKLOADS + "/" + created.get("id").asText();
    try {
      assertThat(created.get("version").asInt()).isEqualTo(1);
      assertThat(created.get("rollout").get("state").asText()).isEqualTo("COMPLETE");
      assertThat(created.get("rollout").get("maxSurge").asInt()).isEqualTo(2);
      assertThat(created.get("rollout").get("maxUnavailable").asInt()).isEqualTo(0);

      Api.Response changed = carol.patch(path, "{\"command\":[\"sleep\",\"700\"],\"env\":{\"MODE\":\"new\"}}");
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().get("version").asInt()).isEqualTo(2);
      assertThat(changed.json().get("command").toString()).isEqualTo("[\"sleep\",\"700\"]");
      JsonNode rollout = changed.json().get("rollout");
      assertThat(rollout.get("version").asInt()).isEqualTo(2);
      assertThat(rollout.get("state").asText()).isEqualTo("PROGRESSING");
      assertThat(rollout.get("previousVersion").asInt()).isEqualTo(1);
      assertThat(rollout.get("updated").isIntegralNumber()).as("updated: %s", rollout).isTrue();
      assertThat(rollout.get("available").isIntegralNumber()).as("available: %s", rollout).isTrue();
      assertThat(rollout.get("instances").asInt()).isEqualTo(2);

      JsonNode versions = carol.get(path + "/versions").json().get("items");
      assertThat(versions.findValuesAsText("version")).containsExactly("2", "1");
      assertThat(versions.get(0).get("createdAt").isTextual()).isTrue();
      assertThat(versions.get(0).get("current").asBoolean()).isTrue();
      assertThat(versions.get(0).get("env").get("MODE").asText()).isEqualTo("new");
      assertThat(versions.get(0).get("createdBy").asText()).isEqualTo("carol");
      assertThat(versions.get(1).get("previous").asBoolean()).isTrue();
      assertThat(versions.get(1).get("command").toString()).isEqualTo("[\"sleep\",\"600\"]");

      // Only what a change names changes: memory and GPUs stay as they were.
      Api.Response cpu = carol.patch(path, "{\"resources\":{\"cpuMillis\":150}}");
      assertThat(cpu.json().get("version").asInt()).isEqualTo(3);
      assertThat(cpu.json().get("resources").get("cpuMillis").asInt()).isEqualTo(150);
      assertThat(cpu.json().get("resources").get("memoryMiB").asInt()).isEqualTo(64);
      assertThat(cpu.json().get("resources").get("gpus").asInt()).isEqualTo(0);

      Api.Response paused = carol.patch(path, "{\"rollout\":{\"paused\":true}}");
      assertThat(paused.json().get("rollout").get("state").asText()).isEqualTo("PAUSED");

      Api.Response back = carol.post(path + "/rollback", "");
      assertThat(back.status()).isEqualTo(200);
      assertThat(back.json().get("version").asInt()).as("back to the version before the last change").isEqualTo(2);
      assertThat(back.json().get("resources").get("cpuMillis").asInt()).isEqualTo(100);
      assertThat(back.json().get("rollout").get("state").asText()).isEqualTo("PROGRESSING");
      assertThat(back.json().get("rollout").get("previousVersion").asInt()).isEqualTo(3);

      Api ada = Api.as(port, "ada");
      assertThat(ada.get("/api/v1/audit?tenant=acme").json().get("items").findValuesAsText("action"))
          .contains("workload.update", "workload.rollout.pause", "workload.rollback");
    } finally {
      carol.delete(path);
    }
  }

  @Test
  void badChangesAreRefusedNamingTheFieldAndChangeNothing() {
    Api carol = Api.as(port, "carol");
    String service = WORKLOADS + "/" + carol.post(WORKLOADS, workload("unchanged", "SERVICE", "")).json().get("id").asText();
    String job = WORKLOADS + "/" + carol.post(WORKLOADS, workload("running-job", "JOB", ",\"durationSeconds\":3600")).json().get("id").asText();
    try {
      assertRefused(carol.patch(service, "{\"rollout\":{\"maxSurge\":0,\"maxUnavailable\":0}}"), 400, "rollout.maxUnavailable");
      assertRefused(carol.patch(service, "{\"image\":\"\"}"), 400, "image");
      assertRefused(carol.patch(service, "{\"image\":\"other\",\"instances\":3}"), 400, "instances");
      assertRefused(carol.patch(service, "{\"resources\":{\"cpuMillis\":0}}"), 400, "resources.cpuMillis");
      assertRefused(carol.patch(service, "{\"rollout\":{\"maxSurge\":-1}}"), 400, "rollout.maxSurge");
      assertRefused(carol.post(WORKLOADS, workload("frozen", "SERVICE", ",\"rollout\":{\"maxSurge\":0,\"maxUnavailable\":0}")), 400, "rollout.maxUnavailable");
      assertRefused(carol.post(WORKLOADS, workload("frozen", "SERVICE", ",\"rollout\":{\"paused\":true}")), 400, "rollout.paused");
      assertRefused(carol.post(WORKLOADS, workload("frozen", "JOB", ",\"rollout\":{\"maxSurge\":2}")), 400, "rollout");

      Api.Response jobImage = carol.patch(job, "{\"image\":\"localhost/other:latest\"}");
      assertThat(jobImage.status()).isEqualTo(409);
      assertThat(jobImage.json().get("detail").asText()).contains("is a JOB").contains("image");
      Api.Response noPrevious = carol.post(service + "/rollback", "");
      assertThat(noPrevious.status()).isEqualTo(409);
      assertThat(noPrevious.json().get("detail").asText()).contains("no previous version");

      JsonNode after = carol.get(service).json();
      assertThat(after.get("version").asInt()).isEqualTo(1);
      assertThat(after.get("image").asText()).isEqualTo("localhost/busybox:latest");
      assertThat(after.get("instances").asInt()).isEqualTo(2);
      assertThat(after.get("rollout").get("maxSurge").asInt()).isEqualTo(1);
      assertThat(carol.get(service + "/versions").json().get("items")).hasSize(1);
      assertThat(carol.get(job).json().get("image").asText()).isEqualTo("localhost/busybox:latest");
      assertThat(carol.get(WORKLOADS + "?limit=500").json().get("items").findValuesAsText("name")).doesNotContain("frozen");
    } finally {
      carol.delete(service);
      carol.delete(job);
    }
  }

  private static void assertRefused(Api.Response refused, int status, String field) {
    assertThat(refused.status()).as(refused.body()).isEqualTo(status);
    assertThat(refused.json().get("errors").findValuesAsText("field")).as(refused.body()).contains(field);
  }
}
