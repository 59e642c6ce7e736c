package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Request bodies are read strictly: what would have been guessed at (a fraction, text for a number,
 * an unknown or repeated field, NUL) is a 400 naming the field, and nothing is written.
 */
@PortalTest
class StrictInputApiTest {

  @LocalServerPort int port;

  private static final String WORKLOAD = """
      {"name":"%s","kind":"JOB","image":"localhost/busybox:latest","resources":{"cpuMillis":%s,"memoryMiB":64,"gpus":%s},"instances":1,"pool":"sim"%s}""";

  @Test
  void bodiesThatWouldBeGuessedAtAreRefusedNamingTheField() {
    Api alice = Api.as(port, "alice");
    String path = "/api/v1/tenants/acme/workloads";
    int before = alice.get(path).json().get("items").size();
    Map<String, String> fieldOf = Map.of(
        WORKLOAD.formatted("a", "100", "1.5", ""), "resources.gpus",
        WORKLOAD.formatted("b", "\"100\"", "0", ""), "resources.cpuMillis",
        WORKLOAD.formatted("c", "100", "0", ",\"gpu\":1"), "gpu",
        WORKLOAD.formatted("d", "100", "0", ",\"name\":\"again\""), "name",
        WORKLOAD.formatted("e", "100", "0", ",\"env\":{\"A\":\"x\\u0000y\"}"), "env.A",
        "{\"name\":true,\"kind\":\"JOB\",\"image\":\"i\",\"resources\":{\"cpuMillis\":1,\"memoryMiB\":1,\"gpus\":0},\"instances\":1,\"pool\":\"sim\"}", "name");

    fieldOf.forEach((body, field) -> {
      Api.Response refused = alice.post(path, body);
      assertThat(refused.status()).as(body).isEqualTo(400);
      JsonNode problem = refused.json();
      assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
      assertThat(problem.get("errors").get(0).get("field").asText()).as(body).isEqualTo(field);
    });
    assertThat(alice.get(path).json().get("items")).as("nothing written").hasSize(before);
  }

  @Test
  void nulInAQueryIsA400AndBodiesOverAMebibyteA413() {
    Api ada = Api.as(port, "ada");
    Api.Response nul = ada.get("/api/v1/audit?actor=%00");
    assertThat(nul.status()).isEqualTo(400);
    assertThat(nul.json().get("errors").get(0).get("field").asText()).isEqualTo("actor");

    Api.Response huge = ada.post("/api/v1/tenants", "{\"slug\":\"" + "x".repeat(1024 * 1024) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().get("code").asText()).isEqualTo("payload_too_large");
    Api.Response hugeInChunks = ada.postChunked("/api/v1/tenants", "{\"slug\":\"" + "x".repeat(1024 * 1024 + 512 * 1024) + "\"}");
    assertThat(hugeInChunks.status()).isEqualTo(413);
    assertThat(hugeInChunks.json().get("code").asText()).isEqualTo("payload_too_large");
    Api.Response smallInChunks = ada.postChunked("/api/v1/tenants", "{\"slug\":\"Not A Slug\"}");
    assertThat(smallInChunks.json().get("errors").get(0).get("field").asText()).as("a chunked body within the limit is read").isEqualTo("slug");
  }

  @Test
  void timesOutsideTheYears0001To9999AreA400NamingTheParameter() {
    Api ada = Api.as(port, "ada");
    Api.Response usage = ada.get("/api/v1/usage?from=%2B300000-01-01T00:00:00Z&to=2026-11-02T00:00:00Z&granularity=DAY");
    assertThat(usage.status()).isEqualTo(400);
    assertThat(usage.json().get("errors").findValuesAsText("field")).contains("from");
    Api.Response audit = ada.get("/api/v1/audit?from=-290000-01-01T00:00:00Z");
    assertThat(audit.status()).isEqualTo(400);
    assertThat(audit.json().get("errors").findValuesAsText("field")).containsExactly("from");
    Api.Response far = ada.get("/api/v1/audit?to=%2B10000-01-01T00:00:00Z");
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.json().get("errors").findValuesAsText("field")).containsExactly("to");
  }
}
