package dev.atrium.tenancy.audit;

import static dev.atrium.db.jooq.Tables.AUDIT_EVENT;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

@Repository
class AuditStore {

  private final DSLContext db;

  AuditStore(DSLContext db) {
    this.db = db;
  }

  void insert(
      String actor, UUID tenantId, String tenantSlug, String action, String target, String before, String after) {
    db.insertInto(AUDIT_EVENT)
        .set(AUDIT_EVENT.ACTOR, actor)
        .set(AUDIT_EVENT.TENANT_ID, tenantId)
        .set(AUDIT_EVENT.TENANT_SLUG, tenantSlug)
        .set(AUDIT_EVENT.ACTION, action)
        .set(AUDIT_EVENT.TARGET, target)
        .set(AUDIT_EVENT.BEFORE, before == null ? null : JSONB.valueOf(before))
        .set(AUDIT_EVENT.AFTER, after == null ? null : JSONB.valueOf(after))
        .execute();
  }

  boolean existsWithAction(String action) {
    return db.fetchExists(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq(action));
  }
}
