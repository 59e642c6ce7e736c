package dev.atrium.tenancy.demo;

import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.TenantRole;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.Tenant;
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
  private static final String ACTOR = "atrium";

  private final TenantService tenants;
  private final MembershipService members;
  private final AuditLog audit;

  DemoTenants(TenantService tenants, MembershipService members, AuditLog audit) {
    this.tenants = tenants;
    this.members = members;
    this.audit = audit;
  }

  /** Creates the demo tenants unless this database had them once; true if it created them now. */
  @Transactional
  public boolean createOnce() {
    if (audit.contains(SEEDED)) {
      return false;
    }
    Tenant acme = tenants.create(ACTOR, "acme", "Acme Corporation", new Quota(4000, 8192, 0, 20));
    members.addByUsername(ACTOR, acme, "alice", TenantRole.TENANT_ADMIN);
    members.addByUsername(ACTOR, acme, "carol", TenantRole.TENANT_MEMBER);
    Tenant globex = tenants.create(ACTOR, "globex", "Globex", new Quota(2000, 4096, 1, 10));
    members.addByUsername(ACTOR, globex, "bob", TenantRole.TENANT_ADMIN);
    audit.record(ACTOR, null, SEEDED, "tenants/acme,globex", null, null);
    return true;
  }
}
