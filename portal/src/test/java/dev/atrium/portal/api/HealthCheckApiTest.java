package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A service's health check over HTTP: answered with its defaults filled in, and refused with the field when wrong. */
@PortalTest
class HealthCheckApiTest {

  @LocalServerPort int port;

  private static String service(String name, String healthCheck) {
    return """
        {"name":"%s","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim","healthCheck":%s}"""
        .formatted(name, healthCheck);
  }

  @Test
  void aHealthCheckIsKeptWithItsDefaultsAndBadOnesAreRefusedNamingTheField() {
    Api carol = Api.as(port, "carol");
    Api.Response created = carol.post("/api/v1/tenants/acme/workloads", service("checked", "{\"http\":{\"port\":8080}}"));
    assertThat(created.status()).isEqualTo(201);
    JsonNode check = created.json().get("healthCheck");
    carol.delete("/api/v1/tenants/acme/workloads/" + created.json().get("id").asText());
    assertThat(check.get("http").get("port").asInt()).isEqualTo(8080);
    assertThat(check.get("http").get("path").asText()).isEqualTo("/");
    assertThat(check.get("intervalSeconds").asInt()).isEqualTo(10);
    assertThat(check.get("timeoutSeconds").asInt()).isEqualTo(5);
    assertThat(check.get("failureThreshold").asInt()).isEqualTo(3);
    assertThat(check.get("gracePeriodSeconds").asInt()).isEqualTo(30);

    assertRefused(carol, service("bad-check", "{}"), "healthCheck");
    assertRefused(carol, service("bad-check", "{\"http\":{\"port\":0}}"), "healthCheck.http.port");
    assertRefused(carol, service("bad-check", "{\"command\":[\"true\"],\"http\":{\"port\":80}}"), "healthCheck");
    assertRefused(carol, service("bad-check", "{\"command\":[\"true\"],\"failureThreshold\":0}"), "healthCheck.failureThreshold");
    assertRefused(carol, service("bad-check", "{\"command\":[\"true\"],\"probe\":1}"), "healthCheck.probe");
    assertThat(carol.get("/api/v1/tenants/acme/workloads?limit=500").json().get("items").findValuesAsText("name")).doesNotContain("bad-check");
  }

  @Test
  void portsAreKeptAndBadOnesAreRefusedNamingTheField() {
    Api carol = Api.as(port, "carol");
    String withPorts = service("ported", "null").replace("\"healthCheck\":null", "\"ports\":[{\"name\":\"http\",\"containerPort\":8080}]");
    Api.Response created = carol.post("/api/v1/tenants/acme/workloads", withPorts);
    assertThat(created.status()).isEqualTo(201);
    carol.delete("/api/v1/tenants/acme/workloads/" + created.json().get("id").asText());
    assertThat(created.json().get("ports").get(0).get("name").asText()).isEqualTo("http");
    assertThat(created.json().get("ports").get(0).get("containerPort").asInt()).isEqualTo(8080);

    String twice = withPorts.replace("[{\"name\":\"http\",\"containerPort\":8080}]", "[{\"name\":\"http\",\"containerPort\":8080},{\"name\":\"http\",\"containerPort\":8081}]");
    assertRefused(carol, twice.replace("ported", "bad-ports"), "ports[1].name");
    assertRefused(carol, withPorts.replace("ported", "bad-ports").replace("8080", "70000"), "ports[0].containerPort");
    assertRefused(carol, withPorts.replace("ported", "bad-ports").replace("\"http\"", "\"Not A Name\""), "ports[0].name");
    assertRefused(carol, withPorts.replace("ported", "bad-ports").replace("\"SERVICE\"", "\"JOB\""), "ports");
    assertThat(carol.get("/api/v1/tenants/acme/workloads?limit=500").json().get("items").findValuesAsText("name")).doesNotContain("bad-ports");
  }

  private static void assertRefused(Api api, String body, String field) {
    Api.Response refused = api.post("/api/v1/tenants/acme/workloads", body);
    assertThat(refused.status()).as(body).isEqualTo(400);
    assertThat(refused.json().get("errors").findValuesAsText("field")).as(body).contains(field);
  }
}
