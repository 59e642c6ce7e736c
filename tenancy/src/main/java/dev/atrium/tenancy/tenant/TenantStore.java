package dev.atrium.tenancy.tenant;

import static dev.atrium.db.jooq.Tables.TENANT;

import dev.atrium.db.jooq.tables.records.TenantRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

@Repository
class TenantStore {

  private final DSLContext db;

  TenantStore(DSLContext db) {
    this.db = db;
  }

  Tenant insert(String slug, String displayName) {
    return toTenant(
        db.insertInto(TENANT)
            .set(TENANT.SLUG, slug)
            .set(TENANT.DISPLAY_NAME, displayName)
            .returning()
            .fetchOne());
  }

  Optional<Tenant> findBySlug(String slug) {
    return db.selectFrom(TENANT).where(TENANT.SLUG.eq(slug)).fetchOptional(TenantStore::toTenant);
  }

  List<Tenant> findByIds(Collection<UUID> ids) {
    return db.selectFrom(TENANT).where(TENANT.ID.in(ids)).orderBy(TENANT.SLUG).fetch(TenantStore::toTenant);
  }

  List<Tenant> findAll() {
    return db.selectFrom(TENANT).orderBy(TENANT.SLUG).fetch(TenantStore::toTenant);
  }

  private static Tenant toTenant(TenantRecord r) {
    return new Tenant(
        r.getId(),
        r.getSlug(),
        r.getDisplayName(),
        TenantState.valueOf(r.getState()),
        r.getCreatedAt().toInstant());
  }
}
