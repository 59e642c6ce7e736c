package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.support.KeycloakAdmin;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.TestKeycloak;
import dev.atrium.portal.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API door: only a valid Keycloak access token for audience atrium-api gets in; everything else
 * is a 401 problem+json, never a redirect to a login page and never a 500.
 */
@PortalTest
class ApiAuthenticationTest {

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  @LocalServerPort int port;

  @Test
  void meDescribesAliceWithHerTenant() throws Exception {
    HttpResponse<String> response = get("/api/v1/me", Tokens.user("alice"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode me = json.readTree(response.body());
    assertThat(me.get("username").asText()).isEqualTo("alice");
    assertThat(me.get("email").asText()).isEqualTo("alice@acme.test");
    assertThat(me.get("subject").asText()).isEqualTo("0a7d1d1e-0000-4000-8000-0000000a11ce");
    assertThat(me.get("platformRoles")).isEmpty();
    assertThat(me.get("tenants").toString()).isEqualTo("[{\"slug\":\"acme\",\"role\":\"tenant-admin\"}]");
  }

  @Test
  void meShowsPlatformRolesAndNoTenantsForAdaAndDave() throws Exception {
    JsonNode ada = json.readTree(get("/api/v1/me", Tokens.user("ada")).body());
    assertThat(ada.get("platformRoles").toString()).isEqualTo("[\"platform-admin\"]");
    assertThat(ada.get("tenants")).isEmpty();

    JsonNode dave = json.readTree(get("/api/v1/me", Tokens.user("dave")).body());
    assertThat(dave.get("platformRoles")).isEmpty();
    assertThat(dave.get("tenants")).isEmpty();

    JsonNode carol = json.readTree(get("/api/v1/me", Tokens.user("carol")).body());
    assertThat(carol.get("tenants").toString()).isEqualTo("[{\"slug\":\"acme\",\"role\":\"tenant-member\"}]");
  }

  @Test
  void billingClientIsABillingReader() throws Exception {
    JsonNode billing = json.readTree(get("/api/v1/me", Tokens.billing()).body());
    assertThat(billing.get("platformRoles").toString()).isEqualTo("[\"billing-reader\"]");
  }

  @Test
  void noTokenIsA401ProblemNotARedirect() throws Exception {
    assertUnauthorized(get("/api/v1/me", null));
  }

  @Test
  void garbageTokenIsA401() throws Exception {
    assertUnauthorized(get("/api/v1/me", "not-a-jwt"));
  }

  @Test
  void tamperedSignatureIsA401() throws Exception {
    String token = Tokens.user("alice");
    String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
    assertUnauthorized(get("/api/v1/me", tampered));
  }

  @Test
  void tokenWithoutTheApiAudienceIsA401() throws Exception {
    KeycloakAdmin.createClient(
        """
        {"clientId": "test-no-audience", "publicClient": true, "directAccessGrantsEnabled": true,
         "standardFlowEnabled": false}
        """);
    String token = Tokens.password(TestKeycloak.issuer(), "test-no-audience", "alice", "alice-dev-pw");
    assertUnauthorized(get("/api/v1/me", token));
  }

  @Test
  void tokenFromAnotherIssuerIsA401() throws Exception {
    KeycloakAdmin.createRealm(
        """
        {"realm": "elsewhere", "enabled": true, "sslRequired": "none",
         "clients": [{"clientId": "atrium-cli", "publicClient": true, "directAccessGrantsEnabled": true,
           "protocolMappers": [{"name": "aud", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
             "config": {"included.custom.audience": "atrium-api", "access.token.claim": "true"}}]}],
         "users": [{"username": "alice", "email": "alice@acme.test", "emailVerified": true, "enabled": true,
           "firstName": "Alice", "lastName": "Elsewhere",
           "credentials": [{"type": "password", "value": "alice-dev-pw", "temporary": false}]}]}
        """);
    String token = Tokens.password(TestKeycloak.baseUrl() + "/realms/elsewhere", "atrium-cli", "alice", "alice-dev-pw");
    assertUnauthorized(get("/api/v1/me", token));
  }

  @Test
  void expiredTokenIsA401() throws Exception {
    KeycloakAdmin.createClient(
        """
        {"clientId": "test-short-lived", "publicClient": true, "directAccessGrantsEnabled": true,
         "standardFlowEnabled": false, "attributes": {"access.token.lifespan": "2"},
         "protocolMappers": [{"name": "aud", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
           "config": {"included.custom.audience": "atrium-api", "access.token.claim": "true"}}]}
        """);
    String token = Tokens.password(TestKeycloak.issuer(), "test-short-lived", "alice", "alice-dev-pw");
    assertThat(get("/api/v1/me", token).statusCode()).as("fresh token works").isEqualTo(200);
    Thread.sleep(3_500);
    assertUnauthorized(get("/api/v1/me", token));
  }

  @Test
  void unknownApiPathWithAValidTokenIsA404Problem() throws Exception {
    HttpResponse<String> response = get("/api/v1/no-such-thing", Tokens.user("alice"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("not_found");
  }

  private void assertUnauthorized(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(t -> assertThat(t).startsWith("Bearer"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("code").asText()).isEqualTo("unauthorized");
  }

  private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
