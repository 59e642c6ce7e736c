package dev.atrium.cluster.workload;

import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.quota.QuotaLedger;
import dev.atrium.tenancy.tenant.Tenant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tasks of a CRON workload's runs: each run is admitted like a JOB (the tenant's quota charged
 * for every instance, the tasks placed or waiting) in the caller's transaction, the one that records
 * the run, so a run and its tasks exist together or not at all.
 */
@Component
public class RunTasks {

  private final QuotaLedger ledger;
  private final TaskStore tasks;
  private final Lifecycle lifecycle;

  RunTasks(QuotaLedger ledger, TaskStore tasks, Lifecycle lifecycle) {
    this.ledger = ledger;
    this.tasks = tasks;
    this.lifecycle = lifecycle;
  }

  /** Whether the tenant's quota has room for a run of the workload now; the refusal if not. Charges nothing. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<QuotaExceededException> shortFor(Tenant tenant, WorkloadSpec spec) {
    return ledger.shortFor(tenant, Lifecycle.quota(spec.resources().times(spec.instances()), 0));
  }

  /**
   * Charges the tenant for a run of the workload and adds its tasks (placed, or PENDING with the
   * reason); the refusal, with nothing charged or added, if the quota has no room for it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<QuotaExceededException> admit(Tenant tenant, WorkloadStore.Row workload, UUID runId) {
    WorkloadSpec spec = workload.spec();
    Optional<QuotaExceededException> refused = ledger.tryCharge(tenant, Lifecycle.quota(spec.resources().times(spec.instances()), 0));
    if (refused.isPresent()) {
      return refused;
    }
    for (int i = 0; i < spec.instances(); i++) {
      lifecycle.placeOrWait(tasks.insertPending(tenant.id(), workload.id(), workload.rollout().version(), i, spec, runId));
    }
    return Optional.empty();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public List<Task> of(UUID tenantId, UUID runId) {
    return tasks.ofRun(tenantId, runId);
  }

  /** Stops the run's live tasks (REPLACE policy): KILLED, their holds given back. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void kill(UUID tenantId, UUID runId, String reason) {
    kill(tenantId, runId, tasks.ofRun(tenantId, runId), reason);
  }

  /** Stops these tasks of the run (those a deadline passed for); each only if still live. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void kill(UUID tenantId, UUID runId, List<Task> these, String reason) {
    these.stream().filter(t -> !t.state().ended()).forEach(t -> lifecycle.end(t, TaskState.KILLED, reason, false));
  }
}
