package dev.atrium.tenancy.quota;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.tenant.Tenant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quotas: members read their tenant's limits and usage; platform admins change the limits. Lowering a
 * limit below what is held is allowed: it stops new admissions only.
 */
@Service
public class QuotaService {

  private final QuotaStore store;
  private final TenantAccess access;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;

  QuotaService(QuotaStore store, TenantAccess access, AuditLog audit, ApplicationEventPublisher events) {
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.events = events;
  }

  @Transactional(readOnly = true)
  public QuotaUsage get(Actor actor, String slug) {
    return current(access.enter(actor, slug, TenantAccess.Need.READ).id());
  }

  /**
   * Sets new limits. With {@code expectedVersion} (the version the caller read) a write based on a
   * stale read is refused with {@link ConflictException} instead of silently undoing another change.
   */
  @Transactional
  public QuotaUsage set(Actor actor, String slug, Quota quota, Long expectedVersion) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.PLATFORM);
    quota.check(new Validator(), "").throwIfInvalid();
    QuotaUsage before = current(tenant.id());
    QuotaUsage after =
        store
            .update(tenant.id(), quota, expectedVersion)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "The quota of " + slug + " was changed by someone else (now version "
                            + current(tenant.id()).version() + "); reload it and try again."));
    audit.record(actor, tenant, "quota.update", "tenant/" + slug + "/quota", before.quota(), after.quota());
    events.publishEvent(new QuotaChanged(tenant.id(), slug, after.quota()));
    return after;
  }

  /** Gives a new tenant its first limits, with nothing held yet. Part of the tenant's creation. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void initialise(Tenant tenant, Quota quota) {
    store.insert(tenant.id(), quota);
    events.publishEvent(new QuotaChanged(tenant.id(), tenant.slug(), quota));
  }

  /** The quota as the current transaction's scope sees it; for services that already checked access. */
  @Transactional(propagation = Propagation.MANDATORY)
  public QuotaUsage current(UUID tenantId) {
    return store.find(tenantId).orElse(new QuotaUsage(Quota.NONE, Quota.NONE, 0));
  }
}
