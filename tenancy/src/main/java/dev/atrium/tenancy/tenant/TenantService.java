package dev.atrium.tenancy.tenant;

import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TenantService {

  private final TenantStore store;
  private final QuotaService quotas;
  private final AuditLog audit;

  TenantService(TenantStore store, QuotaService quotas, AuditLog audit) {
    this.store = store;
    this.quotas = quotas;
    this.audit = audit;
  }

  /** Creates a tenant with its quota; the tenant, the quota and the audit event commit together. */
  @Transactional
  public Tenant create(String actor, String slug, String displayName, Quota quota) {
    Tenant tenant = store.insert(slug, displayName);
    quotas.initialise(tenant.id(), quota);
    audit.record(
        actor,
        tenant,
        "tenant.create",
        "tenant/" + slug,
        null,
        Map.of("slug", slug, "displayName", displayName, "quota", quota));
    return tenant;
  }

  @Transactional(readOnly = true)
  public Optional<Tenant> find(String slug) {
    return store.findBySlug(slug);
  }

  @Transactional(readOnly = true)
  public List<Tenant> findAll() {
    return store.findAll();
  }

  @Transactional(readOnly = true)
  public List<Tenant> findByIds(Collection<UUID> ids) {
    return ids.isEmpty() ? List.of() : store.findByIds(ids);
  }
}
