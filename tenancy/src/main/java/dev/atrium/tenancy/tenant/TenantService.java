package dev.atrium.tenancy.tenant;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.QuotaService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants: platform admins create and change them; members read their own. Every change is audited
 * with the state before and after, in the same transaction.
 */
@Service
public class TenantService {

  public static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,30}$");
  public static final String SLUG_RULE = "must be 2 to 31 lowercase letters, digits or dashes, starting with a letter";
  public static final int NAME_MAX = 200;

  private final TenantStore store;
  private final QuotaService quotas;
  private final AuditLog audit;
  private final TenantAccess access;
  private final ScopeStore scope;

  TenantService(TenantStore store, QuotaService quotas, AuditLog audit, TenantAccess access, ScopeStore scope) {
    this.store = store;
    this.quotas = quotas;
    this.audit = audit;
    this.access = access;
    this.scope = scope;
  }

  /** Creates a tenant with its quota; the tenant, the quota and the audit event commit together. */
  @Transactional
  public TenantDetails create(Actor actor, NewTenant request) {
    requirePlatformAdmin(actor);
    Validator validator =
        new Validator()
            .matches(request.slug(), SLUG, "slug", SLUG_RULE)
            .displayText(request.displayName(), NAME_MAX, "displayName")
            .require(request.quota() != null, "quota", "is required");
    if (request.quota() != null) {
      request.quota().check(validator, "quota.");
    }
    validator.throwIfInvalid();
    scope.platform(actor, "create tenant " + request.slug());
    if (store.findBySlug(request.slug()).isPresent()) {
      throw duplicate(request.slug());
    }
    Tenant tenant;
    try {
      tenant = store.insert(request.slug(), request.displayName());
    } catch (DuplicateKeyException raced) {
      throw duplicate(request.slug());
    }
    quotas.initialise(tenant, request.quota());
    audit.record(
        actor,
        tenant,
        "tenant.create",
        "tenant/" + tenant.slug(),
        null,
        Map.of("slug", tenant.slug(), "displayName", tenant.displayName(), "state", tenant.state(), "quota", request.quota()));
    return new TenantDetails(tenant, quotas.current(tenant.id()));
  }

  /** Changes the display name and/or the state (suspend, resume). Platform admins only. */
  @Transactional
  public TenantDetails update(Actor actor, String slug, TenantChange change) {
    // A non-member learns nothing (404); a member who is no platform admin is refused (403).
    access.enter(actor, slug, TenantAccess.Need.PLATFORM);
    Validator validator = new Validator();
    if (change.displayName() != null) {
      validator.displayText(change.displayName(), NAME_MAX, "displayName");
    }
    validator.require(change.displayName() != null || change.state() != null, "displayName", "give displayName or state to change");
    validator.throwIfInvalid();
    scope.platform(actor, "update tenant " + slug);
    Tenant before = store.lockBySlug(slug).orElseThrow(() -> NotFoundException.tenant(slug));
    Tenant after =
        store.update(
            before.id(),
            change.displayName() != null ? change.displayName() : before.displayName(),
            change.state() != null ? change.state() : before.state());
    if (!after.equals(before)) {
      String action = before.state() != after.state() ? (after.state() == TenantState.SUSPENDED ? "tenant.suspend" : "tenant.resume") : "tenant.update";
      audit.record(actor, after, action, "tenant/" + slug, describe(before), describe(after));
    }
    return new TenantDetails(after, quotas.current(after.id()));
  }

  /** The tenant with this id, for Atrium's own work in a transaction whose scope it has set. */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public java.util.Optional<Tenant> find(java.util.UUID id) {
    return store.findById(id);
  }

  @Transactional(readOnly = true)
  public TenantDetails get(Actor actor, String slug) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return new TenantDetails(tenant, quotas.current(tenant.id()));
  }

  /** Platform admins see every tenant; everyone else the tenants they belong to. By slug. */
  @Transactional(readOnly = true)
  public Page<TenantDetails> list(Actor actor, PageRequest page) {
    if (actor.platformAdmin()) {
      scope.platform(actor, "list tenants");
    } else {
      scope.person(actor.identity());
    }
    List<Tenant> fetched = store.list(page.after(), page.limit() + 1);
    return Page.of(fetched, page.limit(), Tenant::slug).map(t -> new TenantDetails(t, quotas.current(t.id())));
  }

  /** Tenants by id as the current scope sees them; for services that already checked access. */
  @Transactional(readOnly = true)
  public List<Tenant> visibleByIds(Collection<UUID> ids) {
    return ids.isEmpty() ? List.of() : store.findByIds(ids);
  }

  private static void requirePlatformAdmin(Actor actor) {
    if (!actor.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin can create or change tenants.");
    }
  }

  private static ConflictException duplicate(String slug) {
    return new ConflictException("A tenant with slug " + slug + " already exists.");
  }

  private static Map<String, Object> describe(Tenant tenant) {
    return Map.of("displayName", tenant.displayName(), "state", tenant.state());
  }
}
