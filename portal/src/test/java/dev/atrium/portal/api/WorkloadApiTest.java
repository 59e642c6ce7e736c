package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The workload endpoints over HTTP: admission, its refusals as problems, and the fleet for admins. */
@PortalTest
class WorkloadApiTest {

  @LocalServerPort int port;

  private static String workload(String name, int cpu, int instances, String pool) {
    return """
        {"name":"%s","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","600"],
         "resources":{"cpuMillis":%d,"memoryMiB":64,"gpus":0},"instances":%d,"pool":"%s"}"""
        .formatted(name, cpu, instances, pool);
  }

  private static String name() {
    return "w" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aMemberLaunchesScalesAndStopsAWorkloadOnTheSimulatedFleet() {
    Api carol = Api.as(port, "carol");
    Api.Response created = carol.post("/api/v1/tenants/acme/workloads", workload(name(), 100, 2, "sim"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.get("tasks")).hasSize(2);
    assertThat(body.get("tasks").get(0).get("node").asText()).startsWith("sim-");
    String path = "/api/v1/tenants/acme/workloads/" + body.get("id").asText();

    assertThat(carol.patch(path, "{\"instances\":1}").json().get("tasks").findValuesAsText("state")).contains("KILLED");
    assertThat(carol.delete(path).status()).isEqualTo(204);
    assertThat(carol.get(path).status()).isEqualTo(404);
  }

  @Test
  void workloadsAndTheirTasksArePagedWithACursor() {
    Api carol = Api.as(port, "carol");
    String older = carol.post("/api/v1/tenants/acme/workloads", workload(name(), 10, 1, "sim")).json().get("id").asText();
    String newer = carol.post("/api/v1/tenants/acme/workloads", workload(name(), 10, 1, "sim")).json().get("id").asText();
    String path = "/api/v1/tenants/acme/workloads/" + newer;
    carol.patch(path, "{\"instances\":0}");
    carol.patch(path, "{\"instances\":1}");

    JsonNode first = carol.get("/api/v1/tenants/acme/workloads?limit=1").json();
    assertThat(first.get("items")).hasSize(1);
    assertThat(first.get("items").get(0).get("id").asText()).isEqualTo(newer);
    JsonNode second = carol.get("/api/v1/tenants/acme/workloads?limit=1&cursor=" + first.get("nextCursor").asText()).json();
    assertThat(second.get("items").get(0).get("id").asText()).isEqualTo(older);

    JsonNode killed = carol.get(path + "/tasks?state=KILLED").json();
    assertThat(killed.get("items")).hasSize(1);
    assertThat(killed.path("nextCursor").asText(null)).as("the last page").isNull();
    JsonNode newest = carol.get(path + "/tasks?limit=1").json();
    assertThat(newest.get("items")).hasSize(1);
    assertThat(newest.get("items").get(0).get("state").asText()).as("the task scaled up last").isNotEqualTo("KILLED");
    assertThat(carol.get(path + "/tasks?limit=1&cursor=" + newest.get("nextCursor").asText()).json().get("items").findValuesAsText("state"))
        .containsExactly("KILLED");

    Api.Response badState = carol.get(path + "/tasks?state=SLEEPING");
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().get("errors").findValuesAsText("field")).containsExactly("state");
    assertThat(carol.get("/api/v1/tenants/acme/workloads?limit=0").json().get("errors").findValuesAsText("field")).containsExactly("limit");
    assertThat(carol.get("/api/v1/tenants/acme/workloads?cursor=bm9wZQ").json().get("errors").findValuesAsText("field")).containsExactly("cursor");
    assertThat(Api.as(port, "bob").get(path + "/tasks").status()).isEqualTo(404);

    carol.delete(path);
    carol.delete("/api/v1/tenants/acme/workloads/" + older);
  }

  @Test
  void pastTheQuotaIsA409NamingTheResource() {
    long usedBefore = Api.as(port, "alice").get("/api/v1/tenants/acme/quota").json().get("usage").get("cpuMillis").asLong();

    Api.Response refused = Api.as(port, "alice").post("/api/v1/tenants/acme/workloads", workload(name(), 3000, 2, "sim"));

    assertThat(refused.status()).isEqualTo(409);
    JsonNode problem = refused.json();
    assertThat(problem.get("code").asText()).isEqualTo("quota_exceeded");
    assertThat(problem.get("resource").asText()).isEqualTo("cpuMillis");
    assertThat(problem.get("requested").asLong()).isEqualTo(6000);
    assertThat(problem.get("available").asLong()).isEqualTo(4000 - usedBefore);
    assertThat(Api.as(port, "alice").get("/api/v1/tenants/acme/quota").json().get("usage").get("cpuMillis").asLong())
        .isEqualTo(usedBefore);
  }

  @Test
  void badWorkloadsAre400WithTheirFields() {
    Api alice = Api.as(port, "alice");
    assertThat(alice.post("/api/v1/tenants/acme/workloads", workload(name(), 0, 1, "sim")).json().get("errors").findValuesAsText("field"))
        .contains("resources.cpuMillis");
    assertThat(alice.post("/api/v1/tenants/acme/workloads", workload(name(), 100, 1001, "sim")).json().get("errors").findValuesAsText("field"))
        .contains("instances");
    assertThat(alice.post("/api/v1/tenants/acme/workloads", workload(name(), 100, 1, "mars")).json().get("errors").findValuesAsText("field"))
        .contains("pool");
    assertThat(alice.post("/api/v1/tenants/acme/workloads", workload(name(), 100, 1, "sim").replace("SERVICE", "DAEMON")).json()
            .get("errors").findValuesAsText("field"))
        .contains("kind");
  }

  @Test
  void anotherTenantsWorkloadsAreNotFoundAndTheFleetIsForAdmins() {
    assertThat(Api.as(port, "bob").get("/api/v1/tenants/acme/workloads").status()).isEqualTo(404);
    assertThat(Api.as(port, "bob").post("/api/v1/tenants/acme/workloads", workload(name(), 100, 1, "sim")).status()).isEqualTo(404);
    assertThat(Api.as(port, "alice").get("/api/v1/cluster/pools").status()).isEqualTo(403);
    JsonNode pools = Api.as(port, "ada").get("/api/v1/cluster/pools").json().get("items");
    assertThat(pools.findValuesAsText("name")).contains("local", "sim");
    assertThat(Api.as(port, "ada").get("/api/v1/cluster/nodes?pool=sim").json().get("items")).hasSize(20);
  }
}
