package dev.atrium.tenancy.demo;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo tenants of the development realm ({@code acme}: alice admin, carol member; {@code
 * globex}: bob admin). Created once per database: the audit event {@value #SEEDED} marks it done, so
 * a tenant deleted later is not brought back by a restart.
 */
@Service
public class DemoTenants {

  static final String SEEDED = "demo.seeded";

  private final TenantService tenants;
  private final MembershipService members;
  private final AuditLog audit;
  private final ScopeStore scope;

  DemoTenants(TenantService tenants, MembershipService members, AuditLog audit, ScopeStore scope) {
    this.tenants = tenants;
    this.members = members;
    this.audit = audit;
    this.scope = scope;
  }

  /** Creates the demo tenants unless this database had them once; true if it created them now. */
  @Transactional
  public boolean createOnce() {
    scope.platform(Actor.SYSTEM, "demo tenants");
    if (audit.contains(SEEDED)) {
      return false;
    }
    Actor system = Actor.SYSTEM;
    tenants.create(system, new NewTenant("acme", "Acme Corporation", new Quota(4000, 8192, 0, 20)));
    members.add(system, "acme", new NewMember("alice", null, "tenant-admin"));
    members.add(system, "acme", new NewMember("carol", null, "tenant-member"));
    tenants.create(system, new NewTenant("globex", "Globex", new Quota(2000, 4096, 1, 10)));
    members.add(system, "globex", new NewMember("bob", null, "tenant-admin"));
    scope.platform(system, "demo tenants");
    audit.record(system, null, SEEDED, "tenants/acme,globex", null, null);
    return true;
  }
}
