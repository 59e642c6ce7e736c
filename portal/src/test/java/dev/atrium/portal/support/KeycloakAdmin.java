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

  /**
   * Creates a person in the {@code atrium} realm, password {@code <username>-dev-pw} like the dev
   * realm's users, with these realm roles.
   */
  public static void createUser(String username, String... realmRoles) {
    post(
        "/admin/realms/atrium/users",
        """
        {"username":"%1$s","enabled":true,"email":"%1$s@example.test","emailVerified":true,
         "firstName":"%1$s","lastName":"Test",
         "credentials":[{"type":"password","value":"%1$s-dev-pw","temporary":false}]}"""
            .formatted(username));
    for (String role : realmRoles) {
      send("POST", roleMappings(username), "[" + send("GET", "/admin/realms/atrium/roles/" + role, null) + "]");
    }
  }

  /** Takes a realm role away from a person, as an administrator would in Keycloak's console. */
  public static void removeRealmRole(String username, String role) {
    send("DELETE", roleMappings(username), "[" + send("GET", "/admin/realms/atrium/roles/" + role, null) + "]");
  }

  private static String roleMappings(String username) {
    String users = send("GET", "/admin/realms/atrium/users?exact=true&username=" + username, null);
    String id = users.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    return "/admin/realms/atrium/users/" + id + "/role-mappings/realm";
  }

  private static void post(String path, String body) {
    send("POST", path, body);
  }

  /** Sends a request to the admin API; answers its body. A conflict (already there) is no error. */
  private static String send(String method, String path, String body) {
    String token =
        Tokens.fetch(
            TestKeycloak.baseUrl() + "/realms/master",
            Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin-dev-pw"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(TestKeycloak.baseUrl() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300 && response.statusCode() != 409) {
        throw new IllegalStateException("Keycloak admin " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
