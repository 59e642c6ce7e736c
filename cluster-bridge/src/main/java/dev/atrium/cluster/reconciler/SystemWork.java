package dev.atrium.cluster.reconciler;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A transaction in which Atrium itself acts on every tenant's rows (logged as platform-wide access). */
@Component
class SystemWork {

  private final TransactionTemplate transaction;
  private final RowScope scope;

  SystemWork(TransactionTemplate transaction, RowScope scope) {
    this.transaction = transaction;
    this.scope = scope;
  }

  <T> T inTransaction(String why, Supplier<T> work) {
    return transaction.execute(
        status -> {
          scope.platform(Actor.SYSTEM, why);
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
