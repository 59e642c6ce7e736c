package dev.atrium.tenancy.member;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who belongs to a tenant and with which role. Members read the list; tenant-admins and platform
 * admins add, remove and change roles. A tenant always keeps at least one tenant-admin.
 */
@Service
public class MembershipService {

  static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]{0,254}$");
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private final MemberStore store;
  private final TenantService tenants;
  private final TenantAccess access;
  private final ScopeStore scope;
  private final AuditLog audit;

  MembershipService(MemberStore store, TenantService tenants, TenantAccess access, ScopeStore scope, AuditLog audit) {
    this.store = store;
    this.tenants = tenants;
    this.access = access;
    this.scope = scope;
    this.audit = audit;
  }

  /** The tenants this person belongs to, ordered by slug. */
  @Transactional(readOnly = true)
  public List<TenantMembership> tenantsOf(Identity identity) {
    scope.person(identity);
    Map<UUID, TenantRole> roles = store.rolesOf(identity);
    return tenants.visibleByIds(roles.keySet()).stream().map(t -> new TenantMembership(t, roles.get(t.id()))).toList();
  }

  @Transactional(readOnly = true)
  public Page<Member> list(Actor actor, String slug, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    Long after = page.after() == null ? null : parseId(page.after());
    return Page.of(store.list(tenant.id(), after, page.limit() + 1), page.limit(), m -> Long.toString(m.id()));
  }

  @Transactional
  public Member add(Actor actor, String slug, NewMember request) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.MANAGE_MEMBERS);
    TenantRole role = validate(request);
    String name = request.username() != null ? request.username() : request.email();
    if (store.find(tenant.id(), name).isPresent()) {
      throw new ConflictException(name + " is already a member of " + slug + ".");
    }
    Member member;
    try {
      member = store.insert(tenant.id(), request.username(), request.email(), role);
    } catch (DuplicateKeyException raced) {
      throw new ConflictException(name + " is already a member of " + slug + ".");
    }
    audit.record(actor, tenant, "member.add", "member/" + name, null, describe(member));
    return member;
  }

  @Transactional
  public Member changeRole(Actor actor, String slug, String name, String roleName) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.MANAGE_MEMBERS);
    TenantRole role = parseRole(new Validator(), roleName);
    Member before = store.find(tenant.id(), name).orElseThrow(() -> noMember(name, slug));
    if (before.role() == TenantRole.TENANT_ADMIN && role != TenantRole.TENANT_ADMIN) {
      keepOneAdmin(tenant);
    }
    Member after = store.updateRole(before.id(), role);
    audit.record(actor, tenant, "member.role", "member/" + name, describe(before), describe(after));
    return after;
  }

  @Transactional
  public void remove(Actor actor, String slug, String name) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.MANAGE_MEMBERS);
    Member member = store.find(tenant.id(), name).orElseThrow(() -> noMember(name, slug));
    if (member.role() == TenantRole.TENANT_ADMIN) {
      keepOneAdmin(tenant);
    }
    store.delete(member.id());
    audit.record(actor, tenant, "member.remove", "member/" + name, describe(member), null);
  }

  /**
   * Called on sign-in: memberships made by username or verified email now follow the stable subject;
   * one person invited to a tenant under two names becomes one membership there. Atrium's own
   * bookkeeping, across the tenants the person was invited to.
   */
  @Transactional
  public void recordSignIn(Identity identity) {
    if (identity.subject() != null) {
      scope.platform(Actor.SYSTEM, "bind the memberships of " + identity.username() + " at sign-in");
      store.bindSubject(identity);
    }
  }

  private void keepOneAdmin(Tenant tenant) {
    if (store.lockAdmins(tenant.id()) <= 1) {
      throw new ConflictException(tenant.slug() + " must keep at least one tenant-admin; make someone else tenant-admin first.");
    }
  }

  private static TenantRole validate(NewMember request) {
    Validator validator = new Validator();
    boolean hasUsername = request.username() != null && !request.username().isEmpty();
    boolean hasEmail = request.email() != null && !request.email().isEmpty();
    validator.require(hasUsername ^ hasEmail, hasEmail ? "email" : "username", "give exactly one of username or email");
    if (hasUsername) {
      validator.matches(request.username(), USERNAME, "username", "must be 1 to 255 letters, digits, dots, dashes, underscores or @");
    }
    if (hasEmail) {
      validator.matches(request.email(), EMAIL, "email", "is not an email address");
      validator.require(request.email().length() <= 254, "email", "must be at most 254 characters");
    }
    TenantRole role = parseRole(validator, request.role());
    validator.throwIfInvalid();
    return role;
  }

  private static TenantRole parseRole(Validator validator, String roleName) {
    TenantRole role = roleName == null ? null : TenantRole.fromWireName(roleName).orElse(null);
    validator.require(role != null, "role", "must be one of tenant-admin, tenant-member, tenant-viewer").throwIfInvalid();
    return role;
  }

  private static long parseId(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw dev.atrium.tenancy.access.ValidationException.of("cursor", "is not a cursor of this list");
    }
  }

  private static NotFoundException noMember(String name, String slug) {
    return new NotFoundException(name + " is not a member of " + slug + ".");
  }

  private static Map<String, Object> describe(Member member) {
    Map<String, Object> state = new HashMap<>();
    state.put("username", member.username());
    state.put("email", member.email());
    state.put("role", member.role().wireName());
    state.values().removeIf(java.util.Objects::isNull);
    return state;
  }
}
