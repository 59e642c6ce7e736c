package dev.atrium.cluster.reconciler;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica reconciles when several share a database: the one holding a PostgreSQL advisory lock
 * on a connection of its own, outside the pool, so that closing it always ends its session and the
 * lock with it. A replica killed or cut off loses it, and another takes it on its next round.
 *
 * <ul>
 *   <li>The leader checks its connection before every step of a round ({@link #stillLeading}), so a
 *       lock connection that dies while the process lives stops it before its next step; it then tries
 *       for the lock again like any follower.
 *   <li>A replica whose host vanishes sends nothing more; TCP keepalives on the lock's session make
 *       PostgreSQL notice within about 10 s (not the operating system's default of two hours) and end
 *       the session, freeing the lock. This needs a direct connection or session pooling: a pooler in
 *       transaction mode (PgBouncer's default) cannot keep a session's advisory lock.
 *   <li>The session's {@code application_name} names the replica ({@code atrium leader pid 4242 on host}), so operators
 *       find the leader in {@code pg_stat_activity}.
 * </ul>
 */
final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);
  static final String APPLICATION_NAME_PREFIX = "atrium leader ";

  private final DataSource dataSource;
  private volatile Connection held;

  Leadership(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** True while this replica holds the lock, taking it if it is free. */
  synchronized boolean leading() {
    if (stillLeading()) {
      return true;
    }
    Connection connection = null;
    try {
      connection = open();
      try (Statement statement = connection.createStatement()) {
        var result = statement.executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
        result.next();
        if (result.getBoolean(1)) {
          statement.execute("set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 3");
          held = connection;
          log.info("This replica now runs the reconciler");
          return true;
        }
      }
      connection.close();
      return false;
    } catch (SQLException e) {
      log.warn("Cannot take the reconciler's lock: {}", e.getMessage());
      closeQuietly(connection); // a connection of its own: closing it ends its session and any lock it took
      return false;
    }
  }

  /** Whether the lock is still held: its connection answers. Forgets a lock that is lost. */
  synchronized boolean stillLeading() {
    Connection connection = held;
    if (connection == null) {
      return false;
    }
    try {
      if (connection.isValid(2)) {
        return true;
      }
    } catch (SQLException e) {
      // lost, as below
    }
    log.warn("This replica lost the reconciler's lock (its database connection broke); it stops reconciling");
    held = null;
    closeQuietly(connection);
    return false;
  }

  /** Whether the lock was held at the last check; no round trip. */
  boolean held() {
    return held != null;
  }

  synchronized void release() {
    Connection connection = held;
    held = null;
    if (connection != null) {
      // Closing ends the session, but the server frees its locks a moment later: unlock first, so that
      // the lock is free when this returns.
      try (Statement statement = connection.createStatement()) {
        statement.execute("select pg_advisory_unlock(" + Reconciler.LEADER_LOCK + ")");
      } catch (SQLException broken) {
        // the session is gone, and the lock with it
      }
    }
    closeQuietly(connection);
  }

  /** A connection outside the pool, with the pool's settings, named after this replica. */
  private Connection open() throws SQLException {
    if (!dataSource.isWrapperFor(HikariDataSource.class)) {
      throw new SQLException("the reconciler's lock needs a HikariCP data source, to open a connection of its own");
    }
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    Properties properties = new Properties();
    properties.putAll(pool.getDataSourceProperties());
    if (pool.getUsername() != null) {
      properties.setProperty("user", pool.getUsername());
    }
    if (pool.getPassword() != null) {
      properties.setProperty("password", pool.getPassword());
    }
    properties.setProperty("ApplicationName", applicationName());
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(pool.getJdbcUrl(), properties);
  }

  static String applicationName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    String name = APPLICATION_NAME_PREFIX + "pid " + ProcessHandle.current().pid() + " on " + host;
    return name.length() <= 63 ? name : name.substring(0, 63); // PostgreSQL keeps 63 bytes
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // broken already: its session, and the lock, are gone with it
      }
    }
  }
}
