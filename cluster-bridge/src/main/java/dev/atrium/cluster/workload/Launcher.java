package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Fleet;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Hands work to the engines once the database has committed it. */
@Component
class Launcher {

  private final Reconciler reconciler;
  private final Fleet fleet;

  Launcher(@Lazy Reconciler reconciler, Fleet fleet) {
    this.reconciler = reconciler;
    this.fleet = fleet;
  }

  /** New tasks were placed: let the reconciler launch them now rather than at its next round. */
  void launchStagedSoon() {
    reconciler.wake();
  }

  /** Stops the container behind {@code handle} once the transaction that ended its task commits. */
  void killAfterCommit(String pool, String handle) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            fleet.driver(pool).ifPresent(driver -> reconciler.run(() -> driver.kill(handle)));
          }
        });
  }
}
