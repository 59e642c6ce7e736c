package dev.atrium.tenancy.access;

import dev.atrium.tenancy.member.Identity;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Says to PostgreSQL for whom the current transaction acts, which row-level security then enforces
 * (see migration V2). Settings last until the transaction ends. A transaction that sets nothing sees
 * no tenant rows.
 */
@Repository
public class ScopeStore {

  /** Every platform-wide (bypassing) scope is logged here, with who and why. */
  private static final Logger bypassLog = LoggerFactory.getLogger("atrium.audit.platform-scope");

  private final DSLContext db;
  private final JdbcTemplate jdbc;

  ScopeStore(DSLContext db, JdbcTemplate jdbc) {
    this.db = db;
    this.jdbc = jdbc;
  }

  /** Only this tenant's rows. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void tenant(UUID tenantId) {
    set("", "", "", "", tenantId.toString());
  }

  /** This person's own memberships and the tenants they belong to (invitations by email: only verified). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void person(Identity identity) {
    String email = identity.emailVerified() ? nullToEmpty(identity.email()) : "";
    set("", nullToEmpty(identity.subject()), nullToEmpty(identity.username()), email, "");
  }

  /** Every tenant's rows: platform admins, billing and Atrium's own work. Logged. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void platform(Actor actor, String why) {
    if (!actor.platformAdmin() && !actor.billingReader()) {
      throw new ForbiddenException("This needs the platform-admin role.");
    }
    if (actor == Actor.SYSTEM) {
      bypassLog.debug("platform scope for Atrium itself: {}", why);
    } else {
      bypassLog.info("platform scope for {}: {}", actor.name(), why);
    }
    set("platform", "", "", "", "");
  }

  /**
   * Whether PostgreSQL enforces row-level security for the role Atrium connects as: superusers and
   * roles with BYPASSRLS skip it, which leaves only the services' checks between tenants.
   */
  @Transactional(readOnly = true)
  public boolean rowSecurityEnforced() {
    return !db.fetchSingle("select rolsuper or rolbypassrls from pg_roles where rolname = current_user").get(0, Boolean.class);
  }

  /** Every setting in one statement, written once: this runs at the start of nearly every transaction. */
  private static final String SET =
      "select set_config('app.scope', ?, true), set_config('app.subject', ?, true), set_config('app.username', ?, true),"
          + " set_config('app.email', ?, true), set_config('app.tenant', ?, true)";

  private void set(String scope, String subject, String username, String email, String tenant) {
    jdbc.query(SET, (java.sql.ResultSet rs) -> null, scope, subject, username, email, tenant);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
