package dev.atrium.tenancy.quota;

import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.tenant.Tenant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a tenant holds against its quota, charged and released inside the caller's transaction (the
 * admission of the cluster bridge), so that the charge commits or rolls back with the work it pays
 * for. The check and the charge are one conditional UPDATE: no number of concurrent admissions can
 * take a tenant past its limits.
 */
@Service
public class QuotaLedger {

  private final QuotaStore store;

  QuotaLedger(QuotaStore store) {
    this.store = store;
  }

  /** Charges {@code amount} or throws {@link QuotaExceededException} naming the first resource short. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void charge(Tenant tenant, Quota amount) {
    if (store.charge(tenant.id(), amount)) {
      return;
    }
    throw shortFor(tenant, amount).orElseGet(() -> exceeded(tenant, "workloads", amount.workloads(), 0));
  }

  /**
   * Charges {@code amount} if it fits, else answers the refusal it meets and charges nothing: for
   * callers that wait and try again (a cron run) rather than fail their transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<QuotaExceededException> tryCharge(Tenant tenant, Quota amount) {
    if (store.charge(tenant.id(), amount)) {
      return Optional.empty();
    }
    return Optional.of(shortFor(tenant, amount).orElseGet(() -> exceeded(tenant, "workloads", amount.workloads(), 0)));
  }

  /**
   * The refusal a charge of {@code amount} would meet now, naming the first resource short; empty if
   * it would be charged. Reads without a lock: for questions ("would this fit?"), not for charging.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<QuotaExceededException> shortFor(Tenant tenant, Quota amount) {
    QuotaUsage now = store.find(tenant.id()).orElseThrow();
    Quota limit = now.quota();
    Quota used = now.usage();
    if (amount.cpuMillis() > 0 && used.cpuMillis() + amount.cpuMillis() > limit.cpuMillis()) {
      return Optional.of(exceeded(tenant, "cpuMillis", amount.cpuMillis(), limit.cpuMillis() - used.cpuMillis()));
    }
    if (amount.memoryMiB() > 0 && used.memoryMiB() + amount.memoryMiB() > limit.memoryMiB()) {
      return Optional.of(exceeded(tenant, "memoryMiB", amount.memoryMiB(), limit.memoryMiB() - used.memoryMiB()));
    }
    if (amount.gpus() > 0 && used.gpus() + amount.gpus() > limit.gpus()) {
      return Optional.of(exceeded(tenant, "gpus", amount.gpus(), limit.gpus() - used.gpus()));
    }
    if (amount.workloads() > 0 && used.workloads() + amount.workloads() > limit.workloads()) {
      return Optional.of(exceeded(tenant, "workloads", amount.workloads(), limit.workloads() - used.workloads()));
    }
    return Optional.empty();
  }

  /**
   * The tenant's limits and what it holds, locked until commit, for a decision over time (a booking)
   * that a single conditional UPDATE cannot make.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public QuotaUsage lock(java.util.UUID tenantId) {
    return store.lock(tenantId).orElseThrow();
  }

  /** The tenant's limits and what it holds now, read without a lock. */
  @Transactional(propagation = Propagation.MANDATORY)
  public QuotaUsage read(java.util.UUID tenantId) {
    return store.find(tenantId).orElseThrow();
  }

  /**
   * Charges capacity booked ahead (a reservation that starts): its fit was checked when it was booked,
   * so it is charged even where the tenant has since used its quota otherwise.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void chargeBooked(java.util.UUID tenantId, Quota amount) {
    store.chargeBooked(tenantId, amount);
  }

  /** Gives back what a charge took; the caller makes sure each charge is released once. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void release(java.util.UUID tenantId, Quota amount) {
    store.release(tenantId, amount);
  }

  private static QuotaExceededException exceeded(Tenant tenant, String resource, long requested, long available) {
    return new QuotaExceededException(tenant.slug(), resource, requested, Math.max(0, available));
  }
}
