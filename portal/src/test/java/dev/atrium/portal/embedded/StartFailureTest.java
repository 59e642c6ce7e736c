package dev.atrium.portal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.db.embedded.EmbeddedPostgresServer;
import dev.atrium.portal.AtriumApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
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

  @Test
  void managementPortTakenStopsThePortalWithAClearLine(CapturedOutput output) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> start("--management.server.port=" + port, "--atrium.oidc.issuer=http://127.0.0.1:9/realms/x"));
      assertThat(output.getOut() + output.getErr())
          .contains("Atrium could not start: the management port (health, metrics) " + port + " is already in use.")
          .contains("set ATRIUM_MANAGEMENT_PORT to a free port");
    }
  }

  @Test
  void aDatabaseMigratedByANewerAtriumStopsThisOneWithAClearLine(CapturedOutput output) throws Exception {
    Path home = home();
    try (EmbeddedPostgresServer newer = EmbeddedPostgresServer.start(home.resolve("pg"), 0)) {
      Flyway.configure().dataSource(newer.jdbcUrl(), newer.username(), "").load().migrate();
      try (Connection c = DriverManager.getConnection(newer.jdbcUrl(), newer.username(), "")) {
        c.createStatement().execute("""
            insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
            values (999, '999', 'from a newer Atrium', 'SQL', 'V999__from_a_newer_atrium.sql', 0, 'atrium', 1, true)""");
      }
    }
    assertThatThrownBy(() -> start(home, "--atrium.oidc.issuer=http://127.0.0.1:9/realms/x"));
    assertThat(output.getOut() + output.getErr())
        .contains("The database's schema does not match this Atrium (Detected applied migration not resolved locally: 999")
        .contains("every replica must run the same version");
  }

  private static void start(String... settings) throws Exception {
    start(home(), settings);
  }

  private static Path home() throws java.io.IOException {
    return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "failing-home-");
  }

  private static void start(Path home, String... settings) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0", "--atrium.home=" + home));
    if (java.util.Arrays.stream(settings).noneMatch(s -> s.startsWith("--management.server.port="))) {
      args.add("--management.server.port=0");
    }
    args.addAll(java.util.List.of(settings));
    new SpringApplication(AtriumApplication.class).run(args.toArray(String[]::new));
  }
}
