package dev.atrium.tenancy.member;

import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class MembershipService {

  private final MemberStore store;
  private final TenantService tenants;
  private final AuditLog audit;

  MembershipService(MemberStore store, TenantService tenants, AuditLog audit) {
    this.store = store;
    this.tenants = tenants;
    this.audit = audit;
  }

  /** The tenants this person belongs to, ordered by slug. */
  @Transactional(readOnly = true)
  public List<TenantMembership> tenantsOf(Identity identity) {
    Map<UUID, TenantRole> roles = store.rolesOf(identity);
    return tenants.findByIds(roles.keySet()).stream()
        .map(t -> new TenantMembership(t, roles.get(t.id())))
        .toList();
  }

  /** Adds a member known by username (before their first sign-in); part of a larger change. */
  @Transactional
  public void addByUsername(String actor, Tenant tenant, String username, TenantRole role) {
    store.insertByUsername(tenant.id(), username, role);
    audit.record(
        actor, tenant, "member.add", "member/" + username, null, Map.of("username", username, "role", role.wireName()));
  }

  /** Called on sign-in: memberships made by username or email now follow the stable subject. */
  @Transactional
  public void recordSignIn(Identity identity) {
    if (identity.subject() != null) {
      store.bindSubject(identity);
    }
  }
}
