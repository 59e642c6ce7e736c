package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Under /api every answer is problem+json, never a redirect or a page; the actuator's paths are 404 (it answers on the management port). */
@PortalTest
class OddPathsApiTest {

  @LocalServerPort int port;

  @Test
  void encodedDotsAndUnknownPathsUnderTheApiAreProblems() {
    Api alice = Api.as(port, "alice");
    for (String path :
        new String[] {
          "/api/v1/tenants/%2e%2e/workloads", "/api/v1/tenants/acme/%2e%2e/%2e%2e/audit", "/api/v1/nope",
          "/api/v1/tenants/..;/workloads", "/api/v1/tenants/acme/workloads/..%3B", "/api/v1/tenants/%00", "/api/v1/tenants/acme/workloads/%00/tasks"
        }) {
      Api.Response odd = alice.get(path);
      assertThat(odd.status()).as(path).isIn(400, 404);
      assertThat(odd.header("Content-Type")).as(path).startsWith("application/problem+json");
    }
  }

  @Test
  void unknownActuatorPathsAre404NotASignInPage() {
    Api.Response actuator = Api.as(port, "alice").get("/actuator");
    assertThat(actuator.status()).isEqualTo(404);
    assertThat(Api.as(port, "alice").get("/actuator/env").status()).isEqualTo(404);
    assertThat(Api.as(port, "alice").get("/actuator/health").status()).isEqualTo(404); // on the management port
  }
}
