package dev.atrium.bench;

import dev.atrium.db.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** A fresh, migrated embedded PostgreSQL for one benchmark, under {@code benchmarks/target/}. */
final class BenchDatabase implements AutoCloseable {

  private final EmbeddedPostgresServer server;
  private final Path folder;

  private BenchDatabase(EmbeddedPostgresServer server, Path folder) {
    this.server = server;
    this.folder = folder;
  }

  static BenchDatabase start() {
    try {
      Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
      Path folder = Files.createTempDirectory(target, "bench-pg-");
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder.resolve("data"), 0);
      Flyway.configure().dataSource(server.jdbcUrl(), server.username(), "").locations("classpath:db/migration").load().migrate();
      return new BenchDatabase(server, folder);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String jdbcUrl() {
    return server.jdbcUrl();
  }

  String username() {
    return server.username();
  }

  /** A connection that acts for the platform (row-level security lets it see every tenant). */
  Connection platformConnection() throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl(), username(), "");
    try (var s = c.createStatement()) {
      s.execute("select set_config('app.scope', 'platform', false)");
    }
    return c;
  }

  @Override
  public void close() {
    server.close();
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left for the next clean
    }
  }
}
