package dev.atrium.portal.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Keycloak's admin REST API, for tests that need a client or realm the dev realm does not have (a
 * token without our audience, a short-lived token, another issuer). The dev realm itself is unchanged.
 */
public final class KeycloakAdmin {

  private static final HttpClient http = HttpClient.newHttpClient();

  private KeycloakAdmin() {}

  /** Creates a realm from JSON; an existing realm of that name is kept. */
  public static void createRealm(String realmJson) {
    post("/admin/realms", realmJson);
  }

  /** Creates a client in the {@code atrium} realm from JSON; an existing client is kept. */
  public static void createClient(String clientJson) {
    post("/admin/realms/atrium/clients", clientJson);
  }

  private static void post(String path, String body) {
    String token =
        Tokens.fetch(
            TestKeycloak.baseUrl() + "/realms/master",
            Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin-dev-pw"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(TestKeycloak.baseUrl() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 && response.statusCode() != 409) {
        throw new IllegalStateException("Keycloak admin " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
