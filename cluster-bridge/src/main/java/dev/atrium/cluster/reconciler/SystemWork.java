package dev.atrium.cluster.reconciler;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction in which Atrium itself acts on every tenant's rows (logged as platform-wide access).
 * It waits at most {@link #LOCK_TIMEOUT} for any row: the reconciler gives way to requests rather than
 * hold them up, and tries again on its next round.
 */
@Component
class SystemWork {

  static final String LOCK_TIMEOUT = "2s";

  private final TransactionTemplate transaction;
  private final RowScope scope;
  private final JdbcTemplate db;

  SystemWork(TransactionTemplate transaction, RowScope scope, JdbcTemplate db) {
    this.transaction = transaction;
    this.scope = scope;
    this.db = db;
  }

  <T> T inTransaction(String why, Supplier<T> work) {
    return transaction.execute(
        status -> {
          scope.platform(Actor.SYSTEM, why);
          db.execute("set local lock_timeout = '" + LOCK_TIMEOUT + "'");
          return work.get();
        });
  }

  void inTransaction(String why, Runnable work) {
    inTransaction(why, () -> {
      work.run();
      return null;
    });
  }
}
