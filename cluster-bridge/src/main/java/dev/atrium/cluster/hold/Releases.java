package dev.atrium.cluster.hold;

import dev.atrium.cluster.placement.Placement;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaLedger;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Gives back node capacity and tenant quota when the transaction that released them commits: all of
 * a transaction's nodes, then all of its tenants, each in one fixed order. Requests and the reconciler
 * release holds of many tasks in one transaction; taking the node and quota rows in the same order
 * everywhere is what keeps two of them from deadlocking on each other's rows.
 */
@Component
public class Releases {

  private static final Object KEY = Releases.class;

  private final Placement placement;
  private final QuotaLedger ledger;

  Releases(Placement placement, QuotaLedger ledger) {
    this.placement = placement;
    this.ledger = ledger;
  }

  /** What one transaction gives back, by node id and by tenant. */
  private static final class Pending {
    final Map<String, Resources> nodes = new TreeMap<>();
    final Map<String, Quota> quotas = new TreeMap<>();
  }

  public void node(String nodeId, Resources held) {
    pending().nodes.merge(nodeId, held, Resources::plus);
  }

  public void quota(UUID tenantId, Quota held) {
    pending().quotas.merge(tenantId.toString(), held, Releases::plus);
  }

  private Pending pending() {
    Pending pending = (Pending) TransactionSynchronizationManager.getResource(KEY);
    if (pending == null) {
      Pending fresh = new Pending();
      TransactionSynchronizationManager.bindResource(KEY, fresh);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              fresh.nodes.forEach(placement::free);
              fresh.quotas.forEach((tenant, quota) -> ledger.release(UUID.fromString(tenant), quota));
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResource(KEY);
            }
          });
      pending = fresh;
    }
    return pending;
  }

  private static Quota plus(Quota a, Quota b) {
    return new Quota(a.cpuMillis() + b.cpuMillis(), a.memoryMiB() + b.memoryMiB(), a.gpus() + b.gpus(), a.workloads() + b.workloads());
  }
}
