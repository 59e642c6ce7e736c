package dev.atrium.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from a Maven artifact (zonky), keeping its data directory between
 * starts so that a restart of Atrium keeps every tenant, quota and workload.
 *
 * <p>Failures to start are reported as {@link EmbeddedPostgresException} with a message that says
 * what failed and how to fix it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String DATABASE = "atrium";
  /**
   * Atrium connects as this role, which owns the schema but is no superuser: superusers skip
   * row-level security, and the row-level security of the tenant tables must hold for Atrium itself.
   */
  public static final String ROLE = "atrium";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final long MIN_FREE_BYTES = 256L * 1024 * 1024;

  private final EmbeddedPostgres postgres;
  private final boolean freshlyInitialized;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean freshlyInitialized) {
    this.postgres = postgres;
    this.freshlyInitialized = freshlyInitialized;
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory}, initialising it on first use.
   *
   * @param port a TCP port on 127.0.0.1, or 0 to take any free one
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    Path data = dataDirectory.toAbsolutePath().normalize();
    prepareDirectory(data);
    checkPortIsFree(port);
    OrphanedPostmaster.stopIfRunning(data);
    boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      createDatabaseIfMissing(postgres.getPostgresDatabase());
      log.info(
          "Embedded PostgreSQL {} at {} (data in {})",
          fresh ? "initialised and started" : "started",
          postgres.getJdbcUrl(ROLE, DATABASE),
          data);
      return new EmbeddedPostgresServer(postgres, fresh);
    } catch (IOException | SQLException | RuntimeException e) {
      throw new EmbeddedPostgresException(
          "PostgreSQL could not start with data in " + data + ": " + rootMessage(e),
          "Check the log above for PostgreSQL's own words; free disk space, or move the data with"
              + " ATRIUM_HOME, or reset it by deleting " + data + ".",
          e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(ROLE, DATABASE);
  }

  public String username() {
    return ROLE;
  }

  public int port() {
    return postgres.getPort();
  }

  /** True when this start created the data directory, i.e. the database is brand new. */
  public boolean freshlyInitialized() {
    return freshlyInitialized;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void prepareDirectory(Path data) {
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "PostgreSQL could not start: cannot create its data folder " + data + " (" + e + ")",
          "Set ATRIUM_HOME to a writable folder.",
          e);
    }
    long free = data.toFile().getUsableSpace();
    if (free < MIN_FREE_BYTES) {
      throw new EmbeddedPostgresException(
          "PostgreSQL could not start: only " + free / (1024 * 1024) + " MiB free on the disk of " + data,
          "Free at least 256 MiB there, or set ATRIUM_HOME to a folder on another disk.",
          null);
    }
  }

  private static void checkPortIsFree(int port) {
    if (port <= 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "PostgreSQL could not start: port 127.0.0.1:" + port + " is already in use",
          "Stop the process that listens there, or set ATRIUM_POSTGRES_PORT to another port (0 = any free port).",
          e);
    }
  }

  private static void createDatabaseIfMissing(DataSource admin) throws SQLException {
    try (Connection connection = admin.getConnection();
        Statement statement = connection.createStatement()) {
      if (!statement.executeQuery("select 1 from pg_roles where rolname = '" + ROLE + "'").next()) {
        statement.execute("create role " + ROLE + " login nosuperuser nobypassrls");
      }
      if (!statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next()) {
        statement.execute("create database " + DATABASE + " owner " + ROLE);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
