package dev.atrium.cluster.reconciler;

import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Makes races deterministic: one side holds its transaction open until the other is done or waits. */
final class Locks {

  private Locks() {}

  /** Returns once {@code other} has finished, or waits for a lock a transaction of the test holds. */
  static void awaitDoneOrWaiting(DataSource dataSource, Future<?> other) {
    JdbcTemplate sql = new JdbcTemplate(dataSource);
    while (!other.isDone() && sql.queryForObject("select count(*) from pg_locks where not granted", Integer.class) == 0) {
      Thread.onSpinWait();
    }
  }
}
