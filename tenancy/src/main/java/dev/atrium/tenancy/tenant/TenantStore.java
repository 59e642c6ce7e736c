package dev.atrium.tenancy.tenant;

import static dev.atrium.db.jooq.Tables.TENANT;

import dev.atrium.db.jooq.tables.records.TenantRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Tenants in PostgreSQL. What a query sees depends on the transaction's scope (row-level security). */
@Repository
public class TenantStore {

  private final DSLContext db;
  private final Clock clock;

  private final JdbcTemplate jdbc;

  TenantStore(DSLContext db, JdbcTemplate jdbc, Clock clock) {
    this.db = db;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Tenant insert(String slug, String displayName) {
    Tenant tenant =
        toTenant(db.insertInto(TENANT).set(TENANT.SLUG, slug).set(TENANT.DISPLAY_NAME, displayName).returning().fetchOne());
    db.execute("insert into tenant_name (tenant_id, display_name, since) values (?, ?, '-infinity')", tenant.id(), displayName);
    return tenant;
  }

  Tenant update(UUID id, String displayName, TenantState state) {
    // A tenant written by other means than this store (a bulk load) starts its history here.
    db.execute(
        "insert into tenant_name (tenant_id, display_name, since) select id, display_name, '-infinity' from tenant where id = ? on conflict do nothing",
        id);
    Tenant updated =
        toTenant(
            db.update(TENANT)
                .set(TENANT.DISPLAY_NAME, displayName)
                .set(TENANT.STATE, state.name())
                .set(TENANT.VERSION, TENANT.VERSION.plus(1))
                .where(TENANT.ID.eq(id))
                .returning()
                .fetchOne());
    if (!displayName.equals(currentName(id))) {
      named(id, displayName);
    }
    return updated;
  }

  /** The name the tenant's history says it has now. */
  private String currentName(UUID id) {
    return db.fetchOptional("select display_name from tenant_name where tenant_id = ? order by since desc limit 1", id)
        .map(r -> r.get(0, String.class))
        .orElse(null);
  }

  /**
   * Records a new name for periods not sealed yet. Sharing the metering row's lock orders this
   * against sealing: a seal waits for the rename, or the rename starts after the seal.
   */
  private void named(UUID id, String displayName) {
    db.execute(
        """
        insert into tenant_name (tenant_id, display_name, since)
        select ?, ?, greatest(?::timestamptz, sealed_until) from metering for share
        on conflict (tenant_id, since) do update set display_name = excluded.display_name
        """,
        id,
        displayName,
        OffsetDateTime.now(clock));
  }

  Optional<Tenant> findById(UUID id) {
    return db.selectFrom(TENANT).where(TENANT.ID.eq(id)).fetchOptional(TenantStore::toTenant);
  }

  /** Written once, sent as is: every tenant-scoped request finds its tenant first. */
  public Optional<Tenant> findBySlug(String slug) {
    return jdbc.query(
            "select id, slug, display_name, state, created_at from tenant where slug = ?",
            (rs, row) -> new Tenant(
                rs.getObject(1, java.util.UUID.class), rs.getString(2), rs.getString(3), TenantState.valueOf(rs.getString(4)),
                rs.getObject(5, java.time.OffsetDateTime.class).toInstant()),
            slug)
        .stream()
        .findFirst();
  }

  /** Locks the tenant's row until commit, so that concurrent changes to it queue up. */
  Optional<Tenant> lockBySlug(String slug) {
    return db.selectFrom(TENANT).where(TENANT.SLUG.eq(slug)).forUpdate().fetchOptional(TenantStore::toTenant);
  }

  /** Tenants visible in this scope, by slug, after {@code afterSlug}; {@code limit} rows at most. */
  List<Tenant> list(String afterSlug, int limit) {
    return db.selectFrom(TENANT)
        .where(afterSlug == null ? DSL.noCondition() : TENANT.SLUG.gt(afterSlug))
        .orderBy(TENANT.SLUG)
        .limit(limit)
        .fetch(TenantStore::toTenant);
  }

  List<Tenant> findByIds(Collection<UUID> ids) {
    return db.selectFrom(TENANT).where(TENANT.ID.in(ids)).orderBy(TENANT.SLUG).fetch(TenantStore::toTenant);
  }

  private static Tenant toTenant(TenantRecord r) {
    return new Tenant(
        r.getId(), r.getSlug(), r.getDisplayName(), TenantState.valueOf(r.getState()), r.getCreatedAt().toInstant());
  }
}
