package dev.atrium.db;

import dev.atrium.db.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * One real, migrated PostgreSQL per test JVM, in a fresh folder under {@code target/}. Modules'
 * store and service tests point their data source at {@link #jdbcUrl()}.
 */
public final class TestPostgres {

  private static EmbeddedPostgresServer server;

  private TestPostgres() {}

  public static synchronized String jdbcUrl() {
    if (server == null) {
      server = EmbeddedPostgresServer.start(freshFolder(), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
      Flyway.configure()
          .dataSource(server.jdbcUrl(), server.username(), "")
          .locations("classpath:db/migration")
          .load()
          .migrate();
    }
    return server.jdbcUrl();
  }

  public static String username() {
    return EmbeddedPostgresServer.ROLE;
  }

  private static Path freshFolder() {
    try {
      Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
      return Files.createTempDirectory(target, "test-pg-").resolve("data");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
