package dev.atrium.portal.support;

import dev.atrium.portal.embedded.EmbeddedKeycloak;
import dev.atrium.portal.embedded.KeycloakSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Keycloak (the same embedded one the product starts, with the dev realm) shared by every
 * test of a run: starting it takes 15-20 s, so it is started once per JVM and stopped at exit.
 */
public final class TestKeycloak {

  private static EmbeddedKeycloak keycloak;
  private static int port;

  private TestKeycloak() {}

  public static synchronized String issuer() {
    if (keycloak == null) {
      port = freePort();
      Path directory = Path.of(System.getProperty("atrium.test.keycloak-dir", "target/keycloak")).toAbsolutePath();
      KeycloakSettings settings =
          new KeycloakSettings(
              directory, port, "26.7.3", URI.create("https://repo.maven.apache.org/maven2"), Duration.ofMinutes(4));
      keycloak = EmbeddedKeycloak.start(settings);
      Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "test-keycloak-stop"));
      keycloak.awaitReady();
    }
    return keycloak.uri();
  }

  /** Base URL of the Keycloak server, e.g. {@code http://127.0.0.1:34567}. */
  public static String baseUrl() {
    issuer();
    return "http://127.0.0.1:" + port;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
