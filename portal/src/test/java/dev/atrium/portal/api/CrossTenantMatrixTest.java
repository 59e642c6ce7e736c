package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every tenancy endpoint against every wrong caller: a member of another tenant gets 404 (the tenant
 * might as well not exist), a member without the role gets 403, and nothing changes either way.
 */
@PortalTest
class CrossTenantMatrixTest {

  @LocalServerPort int port;

  record Call(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Call> callsOn(String slug) {
    return List.of(
        new Call("GET", "/api/v1/tenants/" + slug, null),
        new Call("PATCH", "/api/v1/tenants/" + slug, "{\"state\":\"SUSPENDED\"}"),
        new Call("GET", "/api/v1/tenants/" + slug + "/quota", null),
        new Call("PUT", "/api/v1/tenants/" + slug + "/quota", "{\"cpuMillis\":1,\"memoryMiB\":1,\"gpus\":9,\"workloads\":1}"),
        new Call("GET", "/api/v1/tenants/" + slug + "/members", null),
        new Call("POST", "/api/v1/tenants/" + slug + "/members", "{\"username\":\"mallory\",\"role\":\"tenant-admin\"}"),
        new Call("PATCH", "/api/v1/tenants/" + slug + "/members/" + (slug.equals("acme") ? "alice" : "bob"), "{\"role\":\"tenant-viewer\"}"),
        new Call("DELETE", "/api/v1/tenants/" + slug + "/members/" + (slug.equals("acme") ? "carol" : "bob"), null));
  }

  static Stream<Arguments> otherTenants() {
    return Stream.concat(
        callsOn("globex").stream().map(c -> Arguments.of("alice", c)),
        callsOn("acme").stream().map(c -> Arguments.of("bob", c)));
  }

  @ParameterizedTest(name = "{0}: {1} → 404")
  @MethodSource("otherTenants")
  void anotherTenantIsNotFoundAndUnchanged(String user, Call call) {
    String before = snapshot();

    Api.Response response = Api.as(port, user).send(call.method(), call.path(), call.body());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("code").asText()).isEqualTo("not_found");
    assertThat(snapshot()).isEqualTo(before);
  }

  static Stream<Arguments> missingRole() {
    return Stream.of(
        Arguments.of("carol", new Call("POST", "/api/v1/tenants/acme/members", "{\"username\":\"mallory\",\"role\":\"tenant-admin\"}")),
        Arguments.of("carol", new Call("PATCH", "/api/v1/tenants/acme/members/alice", "{\"role\":\"tenant-viewer\"}")),
        Arguments.of("carol", new Call("DELETE", "/api/v1/tenants/acme/members/alice", null)),
        Arguments.of("alice", new Call("PUT", "/api/v1/tenants/acme/quota", "{\"cpuMillis\":99000,\"memoryMiB\":1,\"gpus\":9,\"workloads\":1}")),
        Arguments.of("alice", new Call("PATCH", "/api/v1/tenants/acme", "{\"displayName\":\"Alice Inc\"}")),
        Arguments.of("alice", new Call("POST", "/api/v1/tenants", "{\"slug\":\"alices\",\"displayName\":\"A\",\"quota\":{\"cpuMillis\":1,\"memoryMiB\":1,\"gpus\":0,\"workloads\":1}}")),
        Arguments.of("alice", new Call("GET", "/api/v1/audit", null)),
        Arguments.of("dave", new Call("GET", "/api/v1/audit", null)));
  }

  @ParameterizedTest(name = "{0}: {1} → 403")
  @MethodSource("missingRole")
  void aMemberWithoutTheRoleIsForbiddenAndNothingChanges(String user, Call call) {
    String before = snapshot();

    Api.Response response = Api.as(port, user).send(call.method(), call.path(), call.body());

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().get("code").asText()).isEqualTo("forbidden");
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Both demo tenants as a platform admin sees them, with quotas and members. */
  private String snapshot() {
    Api ada = Api.as(port, "ada");
    StringBuilder state = new StringBuilder();
    for (String slug : List.of("acme", "globex")) {
      state.append(ada.get("/api/v1/tenants/" + slug).body())
          .append(ada.get("/api/v1/tenants/" + slug + "/quota").body())
          .append(ada.get("/api/v1/tenants/" + slug + "/members").body());
    }
    state.append(ada.get("/api/v1/tenants?limit=500").json().get("items").findValuesAsText("slug"));
    return state.toString();
  }
}
