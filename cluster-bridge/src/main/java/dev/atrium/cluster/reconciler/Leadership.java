package dev.atrium.cluster.reconciler;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which portal reconciles when several share a database: the one holding a PostgreSQL advisory lock
 * on a connection of its own. If that connection dies, its session and the lock go with it, and
 * another portal takes over on its next try.
 */
final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final DataSource dataSource;
  private Connection held;

  Leadership(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** True while this portal holds the lock, taking it if it is free. */
  boolean leading() {
    try {
      if (held != null && held.isValid(2)) {
        return true;
      }
      release();
      Connection connection = dataSource.getConnection();
      var result = connection.createStatement().executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
      result.next();
      if (result.getBoolean(1)) {
        held = connection;
        log.info("This portal now runs the reconciler");
        return true;
      }
      connection.close();
      return false;
    } catch (SQLException e) {
      log.warn("Cannot take the reconciler's lock: {}", e.getMessage());
      return false;
    }
  }

  void release() {
    if (held != null) {
      // The connection goes back to a pool and lives on: unlock explicitly, or the lock lives on too.
      try (Connection connection = held) {
        connection.createStatement().execute("select pg_advisory_unlock(" + Reconciler.LEADER_LOCK + ")");
      } catch (SQLException ignored) {
        // a broken connection takes its session, and the lock, with it
      }
      held = null;
    }
  }
}
