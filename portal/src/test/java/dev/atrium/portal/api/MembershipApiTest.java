package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Memberships over HTTP: no data the API lets in can lock a person out. */
@PortalTest
// Its own database: dave joins a tenant here, and other tests rely on him having none.
@TestPropertySource(properties = "atrium.test.database=membership-api")
class MembershipApiTest {

  @LocalServerPort int port;

  @Test
  void someoneInvitedUnderBothTheirNamesStillSignsInWithTheStrongerRole() {
    Api ada = Api.as(port, "ada");
    String slug = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(ada.post("/api/v1/tenants", """
        {"slug":"%s","displayName":"Twice","quota":{"cpuMillis":1000,"memoryMiB":1024,"gpus":0,"workloads":1}}"""
        .formatted(slug)).status()).isEqualTo(201);
    String members = "/api/v1/tenants/" + slug + "/members";
    assertThat(ada.post(members, "{\"username\":\"dave\",\"role\":\"tenant-viewer\"}").status()).isEqualTo(201);
    assertThat(ada.post(members, "{\"email\":\"dave@atrium.test\",\"role\":\"tenant-admin\"}").status()).isEqualTo(201);

    Api.Response me = Api.as(port, "dave").get("/api/v1/me");

    assertThat(me.status()).isEqualTo(200);
    JsonNode tenants = me.json().get("tenants");
    assertThat(tenants).hasSize(1);
    assertThat(tenants.get(0).get("slug").asText()).isEqualTo(slug);
    assertThat(tenants.get(0).get("role").asText()).isEqualTo("tenant-admin");
  }
}
