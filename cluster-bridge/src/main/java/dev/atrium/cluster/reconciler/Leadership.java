package dev.atrium.cluster.reconciler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica reconciles when several share a database: the one holding a PostgreSQL advisory lock
 * on a connection of its own. The lock lives as long as that connection's session: a replica killed
 * or cut off loses it, and another takes it on its next round.
 *
 * <ul>
 *   <li>The leader checks its connection before every round, so a lock connection that dies (the
 *       process lives on) stops it leading at once; it tries for the lock again like any follower.
 *   <li>A replica whose host vanishes sends nothing more; TCP keepalives on the lock's session make
 *       PostgreSQL notice within about 10 s (not the operating system's default of two hours) and end
 *       the session, freeing the lock.
 * </ul>
 */
final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final DataSource dataSource;
  private Connection held;

  Leadership(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** True while this replica holds the lock, taking it if it is free. */
  boolean leading() {
    if (held != null) {
      if (valid(held)) {
        return true;
      }
      log.warn("This replica lost the reconciler's lock (its database connection broke); it stops reconciling");
      release();
    }
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      try (Statement statement = connection.createStatement()) {
        var result = statement.executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
        result.next();
        if (result.getBoolean(1)) {
          statement.execute("set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 3");
          statement.execute("set application_name = 'atrium reconciler leader'");
          held = connection;
          log.info("This replica now runs the reconciler");
          return true;
        }
      }
      connection.close();
      return false;
    } catch (SQLException e) {
      log.warn("Cannot take the reconciler's lock: {}", e.getMessage());
      if (connection != null) {
        try {
          connection.close(); // with its session goes any lock it took
        } catch (SQLException ignored) {
          // already broken
        }
      }
      return false;
    }
  }

  private static boolean valid(Connection connection) {
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  void release() {
    if (held != null) {
      // The connection goes back to a pool and lives on: unlock explicitly, or the lock lives on too.
      try (Connection connection = held; Statement statement = connection.createStatement()) {
        statement.execute("select pg_advisory_unlock(" + Reconciler.LEADER_LOCK + ")");
        statement.execute("reset application_name; reset tcp_keepalives_idle; reset tcp_keepalives_interval; reset tcp_keepalives_count");
      } catch (SQLException ignored) {
        // a broken connection takes its session, and the lock, with it
      }
      held = null;
    }
  }
}
