package dev.atrium.portal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.portal.AtriumApplication;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** When an embedded service cannot start, Atrium stops with one line saying what and how to fix it. */
@ExtendWith(OutputCaptureExtension.class)
class StartFailureTest {

  @Test
  void keycloakPortTakenStopsThePortalWithAClearLine(CapturedOutput output) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> start("--atrium.keycloak.port=" + port))
          .hasRootCauseInstanceOf(java.net.BindException.class);
      assertThat(output.getOut() + output.getErr())
          .contains("Keycloak could not start: port 127.0.0.1:" + port + " is already in use")
          .contains("set ATRIUM_KEYCLOAK_PORT to a free port");
    }
  }

  @Test
  void postgresPortTakenStopsThePortalWithAClearLine(CapturedOutput output) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      // An external issuer, so that this test starts no Keycloak.
      assertThatThrownBy(() -> start("--atrium.postgres.port=" + port, "--atrium.oidc.issuer=http://127.0.0.1:9/realms/x"));
      assertThat(output.getOut() + output.getErr())
          .contains("PostgreSQL could not start: port 127.0.0.1:" + port + " is already in use")
          .contains("set ATRIUM_POSTGRES_PORT");
    }
  }

  private static void start(String... settings) throws Exception {
    Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "failing-home-");
    String[] args = new String[settings.length + 2];
    args[0] = "--server.port=0";
    args[1] = "--atrium.home=" + home;
    System.arraycopy(settings, 0, args, 2, settings.length);
    new SpringApplication(AtriumApplication.class).run(args);
  }
}
