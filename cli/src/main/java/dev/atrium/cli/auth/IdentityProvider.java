package dev.atrium.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.cli.api.Api;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The identity provider an Atrium server trusts, found from the server itself: its OpenAPI document
 * names the provider's token endpoint, and the provider's discovery document names the rest.
 */
public final class IdentityProvider {

  public static final String CLIENT_ID = "atrium-cli";
  private static final String TOKEN_PATH = "/protocol/openid-connect/token";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String issuer;
  private final JsonNode discovery;

  private IdentityProvider(String issuer, JsonNode discovery) {
    this.issuer = issuer;
    this.discovery = discovery;
  }

  /** The provider of the Atrium server at {@code server}. */
  public static IdentityProvider of(URI server) {
    JsonNode api = getJson(server.resolve("/v3/api-docs"));
    String tokenUrl = api.at("/components/securitySchemes/keycloak/flows/authorizationCode/tokenUrl").asText("");
    if (!tokenUrl.endsWith(TOKEN_PATH)) {
      throw new IllegalStateException(server + " does not say which identity provider it trusts (no OAuth2 scheme in /v3/api-docs)");
    }
    return at(tokenUrl.substring(0, tokenUrl.length() - TOKEN_PATH.length()));
  }

  /**
   * The provider at {@code issuer}, checked before any secret or code goes to it: over https (or on
   * this machine), and its discovery document names that same issuer.
   */
  public static IdentityProvider at(String issuer) {
    URI uri = URI.create(issuer);
    if (!"https".equals(uri.getScheme()) && !loopback(uri)) {
      throw new IllegalStateException("The identity provider " + issuer + " is not on https; refusing to send it credentials");
    }
    JsonNode discovery = getJson(URI.create(issuer + "/.well-known/openid-configuration"));
    if (!issuer.equals(discovery.path("issuer").asText())) {
      throw new IllegalStateException("The identity provider at " + issuer + " calls itself " + discovery.path("issuer").asText() + "; refusing it");
    }
    return new IdentityProvider(issuer, discovery);
  }

  private static boolean loopback(URI uri) {
    return "http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost()));
  }

  public String issuer() {
    return issuer;
  }

  /** One of the provider's endpoints, which must be on the issuer's own origin. */
  String endpoint(String name) {
    String uri = discovery.path(name).asText("");
    if (uri.isEmpty()) {
      throw new IllegalStateException("The identity provider at " + issuer + " offers no " + name);
    }
    URI endpoint = URI.create(uri);
    URI origin = URI.create(issuer);
    if (!endpoint.getScheme().equals(origin.getScheme()) || !endpoint.getAuthority().equals(origin.getAuthority())) {
      throw new IllegalStateException("The identity provider's " + name + " " + uri + " is not on " + origin.getScheme() + "://" + origin.getAuthority());
    }
    return uri;
  }

  /** A form POST to one of the provider's endpoints: the status and the JSON it answers. */
  Answer post(String endpoint, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint(endpoint)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isBlank() ? Api.JSON.createObjectNode() : Api.JSON.readTree(response.body());
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach the identity provider at " + issuer + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  record Answer(int status, JsonNode json) {
    boolean ok() {
      return status / 100 == 2;
    }

    String error() {
      return json.path("error").asText("") + (json.has("error_description") ? ": " + json.get("error_description").asText() : "");
    }
  }

  private static JsonNode getJson(URI uri) {
    try {
      HttpResponse<String> response =
          HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode());
      }
      return Api.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
