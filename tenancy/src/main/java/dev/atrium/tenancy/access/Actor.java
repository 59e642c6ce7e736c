package dev.atrium.tenancy.access;

import dev.atrium.tenancy.member.Identity;
import java.util.Set;

/**
 * Who asks the services for something: a person or client as the identity provider knows them, with
 * their platform-wide roles. Tenant roles are looked up per tenant, not carried here.
 */
public record Actor(Identity identity, boolean platformAdmin, boolean billingReader) {

  /** Atrium itself, e.g. creating the demo tenants. */
  public static final Actor SYSTEM = new Actor(new Identity(null, "atrium", null), true, false);

  public static Actor of(Identity identity, Set<String> platformRoles) {
    return new Actor(identity, platformRoles.contains("platform-admin"), platformRoles.contains("billing-reader"));
  }

  /** The name written in the audit log. */
  public String name() {
    return identity.username() != null ? identity.username() : identity.subject();
  }
}
