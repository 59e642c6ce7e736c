package dev.atrium.portal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Real access tokens from the test Keycloak, obtained the way scripts and billing obtain them. */
public final class Tokens {

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  private Tokens() {}

  private record Cached(String token, long fetchedAt) {}

  private static final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A dev-realm user's token through the {@code atrium-cli} client (password = name-dev-pw), reused
   * for a minute (tokens live five).
   */
  public static String user(String username) {
    Cached cached = cache.get(username);
    if (cached == null || System.currentTimeMillis() - cached.fetchedAt() > 60_000) {
      cached = new Cached(password(TestKeycloak.issuer(), "atrium-cli", username, username + "-dev-pw"), System.currentTimeMillis());
      cache.put(username, cached);
    }
    return cached.token();
  }

  public static String billing() {
    return fetch(
        TestKeycloak.issuer(),
        Map.of(
            "grant_type", "client_credentials",
            "client_id", "atrium-billing",
            "client_secret", "atrium-billing-dev-secret"));
  }

  public static String password(String issuer, String clientId, String username, String password) {
    return fetch(
        issuer,
        Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
  }

  static String fetch(String issuer, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode answer = json.readTree(response.body());
      if (!answer.has("access_token")) {
        throw new IllegalStateException("no token from " + issuer + ": " + response.body());
      }
      return answer.get("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
