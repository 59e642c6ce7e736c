package dev.atrium.tenancy.access;

import dev.atrium.tenancy.member.MemberStore;
import dev.atrium.tenancy.member.TenantRole;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantStore;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The gate every tenant-scoped operation passes first: finds the tenant as the actor may see it,
 * checks what they may do there, and narrows the transaction to that tenant's rows.
 *
 * <p>A tenant the actor does not belong to is {@link NotFoundException} (as if it did not exist); a
 * tenant they may see but not change in this way is {@link ForbiddenException}.
 */
@Component
public class TenantAccess {

  /** What the operation needs, from least to most. */
  public enum Need {
    /** any member, or a platform admin */
    READ,
    /** a member who may launch and stop work: tenant-admin or tenant-member */
    OPERATE,
    /** a tenant-admin, or a platform admin */
    MANAGE_MEMBERS,
    /** a platform admin only */
    PLATFORM
  }

  private final ScopeStore scope;
  private final TenantStore tenants;
  private final MemberStore members;

  TenantAccess(ScopeStore scope, TenantStore tenants, MemberStore members) {
    this.scope = scope;
    this.tenants = tenants;
    this.members = members;
  }

  /** The tenant, with the transaction now acting for it alone. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Tenant enter(Actor actor, String slug, Need need) {
    Tenant tenant;
    if (actor.platformAdmin()) {
      scope.platform(actor, need + " tenant " + slug);
      tenant = tenants.findBySlug(slug).orElseThrow(() -> NotFoundException.tenant(slug));
    } else {
      scope.person(actor.identity());
      tenant = tenants.findBySlug(slug).orElseThrow(() -> NotFoundException.tenant(slug));
      Optional<TenantRole> role = members.roleOf(tenant.id(), actor.identity());
      if (role.isEmpty()) {
        throw NotFoundException.tenant(slug);
      }
      check(need, role.get(), slug);
    }
    scope.tenant(tenant.id());
    return tenant;
  }

  private static void check(Need need, TenantRole role, String slug) {
    refusal(need, role, slug).ifPresent(why -> {
      throw new ForbiddenException(why);
    });
  }

  /**
   * Why a member with {@code role} may not do what needs {@code need} in the tenant, if they may not:
   * the words a refusal says, which a console shows beside what it disables.
   */
  public static Optional<String> refusal(Need need, TenantRole role, String slug) {
    boolean allowed =
        switch (need) {
          case READ -> true;
          case OPERATE -> role != TenantRole.TENANT_VIEWER;
          case MANAGE_MEMBERS -> role == TenantRole.TENANT_ADMIN;
          case PLATFORM -> false;
        };
    if (allowed) {
      return Optional.empty();
    }
    return Optional.of(
        switch (need) {
          case OPERATE -> "A tenant-viewer of " + slug + " cannot change its work.";
          case MANAGE_MEMBERS -> "Only a tenant-admin of " + slug + " can manage its members.";
          default -> "Only a platform admin can change this for tenant " + slug + ".";
        });
  }
}
