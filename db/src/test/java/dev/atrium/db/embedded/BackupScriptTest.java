package dev.atrium.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./atrium backup} and {@code ./atrium restore} on the embedded database of an Atrium home. */
class BackupScriptTest {

  private static final Path SCRIPT = Path.of("../atrium").toAbsolutePath().normalize();

  @TempDir Path home;

  record Run(int exit, String output) {}

  @Test
  void aBackupRestoredBringsBackTheDataAndKeepsWhatItReplaced() throws Exception {
    Path data = home.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      sql(server, "create table ledger (entry text)", "insert into ledger values ('before the backup')");
      Run whileRunning = atrium("backup", "backup.tar.gz");
      assertThat(whileRunning.exit()).isNotZero();
      assertThat(whileRunning.output()).contains("stop Atrium first");
    }
    Run backup = atrium("backup", "backup.tar.gz");
    assertThat(backup.exit()).as(backup.output()).isZero();
    assertThat(backup.output()).contains("Backed up").contains("PostgreSQL 17");
    assertThat(home.resolve("backup.tar.gz.partial")).doesNotExist();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      sql(server, "delete from ledger", "insert into ledger values ('after the backup')");
      Run whileRunning = atrium("restore", "backup.tar.gz");
      assertThat(whileRunning.exit()).isNotZero();
      assertThat(whileRunning.output()).contains("stop Atrium first");
    }
    Run restore = atrium("restore", "backup.tar.gz");
    assertThat(restore.exit()).as(restore.output()).isZero();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      assertThat(entries(server)).containsExactly("before the backup");
    }
    try (var aside = Files.list(home)) {
      assertThat(aside.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("pg.before-restore-"));
    }
  }

  @Test
  void aFileThatIsNoBackupChangesNothing() throws Exception {
    Path data = home.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      sql(server, "create table ledger (entry text)", "insert into ledger values ('kept')");
    }
    Files.writeString(home.resolve("notes.tar.gz"), "not an archive");

    Run refused = atrium("restore", "notes.tar.gz");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("is not a backup made by ./atrium backup").contains("nothing was changed");
    assertThat(atrium("restore", "missing.tar.gz").output()).contains("No backup at");

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      assertThat(entries(server)).containsExactly("kept");
    }
  }

  private Run atrium(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    builder.environment().put("ATRIUM_HOME", home.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    return new Run(process.waitFor(), output);
  }

  private static void sql(EmbeddedPostgresServer server, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "atrium", "")) {
      for (String statement : statements) {
        c.createStatement().execute(statement);
      }
    }
  }

  private static List<String> entries(EmbeddedPostgresServer server) throws SQLException {
    List<String> entries = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "atrium", "");
        ResultSet rows = c.createStatement().executeQuery("select entry from ledger")) {
      while (rows.next()) {
        entries.add(rows.getString(1));
      }
    }
    return entries;
  }
}
