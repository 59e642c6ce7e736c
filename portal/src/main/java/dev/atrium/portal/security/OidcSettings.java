package dev.atrium.portal.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Atrium trusts its identity provider.
 *
 * @param issuer an external issuer URI ({@code ATRIUM_OIDC_ISSUER}); empty starts the embedded
 *     Keycloak
 * @param clientId the browser client (default {@code atrium-portal})
 * @param clientSecret its secret (default: the dev realm's)
 * @param audience the {@code aud} every API access token must carry (default {@code atrium-api})
 * @param clockSkew tolerance when checking a token's expiry (default 30 s)
 * @param roleCheckInterval how often a browser session's platform roles are read again from the
 *     identity provider (default 2 minutes)
 */
@ConfigurationProperties("atrium.oidc")
public record OidcSettings(
    String issuer, String clientId, String clientSecret, String audience, Duration clockSkew, Duration roleCheckInterval) {

  public boolean external() {
    return issuer != null && !issuer.isBlank();
  }
}
