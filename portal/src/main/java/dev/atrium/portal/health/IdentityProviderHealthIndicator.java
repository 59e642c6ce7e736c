package dev.atrium.portal.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.security.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Ready once the identity provider's signing keys have been fetched: before that, no API token can be
 * checked and no one can sign in. Once fetched it stays up, so a short outage of the identity
 * provider does not take every replica out of service (tokens are checked with the keys in hand).
 */
@Component
class IdentityProviderHealthIndicator extends AbstractHealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final OidcIssuer issuer;
  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private volatile int keysFetched;

  IdentityProviderHealthIndicator(OidcIssuer issuer, ObjectMapper json) {
    super("The identity provider's keys cannot be fetched");
    this.issuer = issuer;
    this.json = json;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) throws Exception {
    if (keysFetched == 0) {
      JsonNode configuration = get(issuer.uri() + "/.well-known/openid-configuration");
      JsonNode keys = get(configuration.path("jwks_uri").asText()).path("keys");
      if (keys.isEmpty()) {
        health.down().withDetail("issuer", issuer.uri()).withDetail("error", "the issuer publishes no signing keys");
        return;
      }
      keysFetched = keys.size();
    }
    health.up().withDetail("issuer", issuer.uri()).withDetail("keys", keysFetched);
  }

  private JsonNode get(String uri) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }
}
