package dev.atrium.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @TempDir Path folder;

  @Test
  void aRestartKeepsTheData() throws Exception {
    Path data = folder.resolve("pg");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data, 0)) {
      assertThat(first.freshlyInitialized()).isTrue();
      Flyway.configure().dataSource(first.jdbcUrl(), "atrium", "").load().migrate();
      try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "atrium", "")) {
        c.createStatement().execute("set app.scope = 'platform'");
        c.createStatement().execute("insert into tenant (slug, display_name) values ('initech', 'Initech')");
      }
    }

    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(data, 0);
        Connection c = DriverManager.getConnection(second.jdbcUrl(), "atrium", "")) {
      assertThat(second.freshlyInitialized()).isFalse();
      c.createStatement().execute("set app.scope = 'platform'");
      ResultSet rows = c.createStatement().executeQuery("select display_name from tenant where slug = 'initech'");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("Initech");
    }
  }

  @Test
  void aTakenPortIsReportedWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(folder.resolve("pg"), taken.getLocalPort()))
          .isInstanceOf(EmbeddedPostgresException.class)
          .hasMessage("PostgreSQL could not start: port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
          .extracting(e -> ((EmbeddedPostgresException) e).fix())
          .asString()
          .contains("ATRIUM_POSTGRES_PORT");
    }
  }

  @Test
  void theAuditLogIsAppendOnly() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder.resolve("pg"), 0)) {
      Flyway.configure().dataSource(server.jdbcUrl(), "atrium", "").load().migrate();
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "atrium", "")) {
        c.createStatement().execute("set app.scope = 'platform'");
        c.createStatement().execute("insert into audit_event (actor, action) values ('ada', 'tenant.create')");
        // Row-level security has no update or delete rule for audit events: nothing matches.
        assertThat(c.createStatement().executeUpdate("update audit_event set actor = 'mallory'")).isZero();
        assertThat(c.createStatement().executeUpdate("delete from audit_event")).isZero();
        ResultSet actor = c.createStatement().executeQuery("select actor from audit_event");
        assertThat(actor.next()).isTrue();
        assertThat(actor.getString(1)).isEqualTo("ada");
        assertThatThrownBy(() -> c.createStatement().execute("truncate audit_event"))
            .hasMessageContaining("append-only");
      }
    }
  }
}
