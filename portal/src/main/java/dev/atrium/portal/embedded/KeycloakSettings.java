package dev.atrium.portal.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded Keycloak, started when no external issuer ({@code atrium.oidc.issuer}) is set.
 *
 * @param directory where the distribution is unpacked and its data kept (default {@code
 *     ~/.atrium/keycloak})
 * @param port HTTP port on 127.0.0.1 (default 8180)
 * @param version Keycloak distribution version, from Maven Central (default 26.7.3)
 * @param mavenRepository where to fetch the distribution when it is not in {@code ~/.m2}
 * @param startTimeout how long to wait for the realm to answer before giving up (default 3 min)
 */
@ConfigurationProperties("atrium.keycloak")
public record KeycloakSettings(
    Path directory, int port, String version, URI mavenRepository, Duration startTimeout) {

  public static final String REALM = "atrium";

  public String issuer() {
    return "http://127.0.0.1:" + port + "/realms/" + REALM;
  }
}
