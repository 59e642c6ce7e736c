package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Platform admins cordon, drain, mark down and return nodes over HTTP; nobody else may. */
@PortalTest
class ClusterApiTest {

  private static final String NODE = "/api/v1/cluster/nodes/sim/sim-00007";

  @LocalServerPort int port;

  @Test
  void aPlatformAdminDrainsANodeAndReturnsItAndTheAuditSaysSo() {
    Api ada = Api.as(port, "ada");

    Api.Response drained = ada.patch(NODE, "{\"state\":\"DRAINING\"}");
    assertThat(drained.status()).isEqualTo(200);
    assertThat(drained.json().get("state").asText()).isEqualTo("DRAINING");
    assertThat(drained.json().get("stateReason").asText()).isEqualTo("drained by ada");
    assertThat(node(ada).get("state").asText()).isEqualTo("DRAINING");

    Api.Response back = ada.patch(NODE, "{\"state\":\"READY\"}");
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.json().get("state").asText()).isEqualTo("READY");
    assertThat(ada.get("/api/v1/audit").json().get("items").findValuesAsText("action")).contains("node.state");
  }

  @Test
  void anyoneElseUnknownNodesAndUnknownStatesAreRefusedAndChangeNothing() {
    assertThat(Api.as(port, "alice").patch(NODE, "{\"state\":\"DOWN\"}").status()).isEqualTo(403);
    Api ada = Api.as(port, "ada");
    Api.Response unknown = ada.patch("/api/v1/cluster/nodes/sim/no-such-node", "{\"state\":\"DOWN\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("code").asText()).isEqualTo("not_found");
    Api.Response bad = ada.patch(NODE, "{\"state\":\"ASLEEP\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asText()).isEqualTo("validation_failed");
    assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("state");
    assertThat(node(ada).get("state").asText()).isEqualTo("READY");
  }

  private static JsonNode node(Api ada) {
    for (JsonNode node : ada.get("/api/v1/cluster/nodes?pool=sim").json().get("items")) {
      if (node.get("id").asText().equals("sim/sim-00007")) {
        return node;
      }
    }
    throw new AssertionError("no node sim/sim-00007");
  }
}
