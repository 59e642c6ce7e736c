package dev.atrium.tenancy.audit;

import static dev.atrium.db.jooq.Tables.AUDIT_EVENT;

import dev.atrium.db.jooq.tables.records.AuditEventRecord;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
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

  /** Newest first, older than event {@code beforeId} when given. */
  List<AuditEvent> find(AuditQuery query, Long beforeId, int limit) {
    Condition where = DSL.noCondition();
    if (query.tenant() != null) {
      where = where.and(AUDIT_EVENT.TENANT_SLUG.eq(query.tenant()));
    }
    if (query.actor() != null) {
      where = where.and(AUDIT_EVENT.ACTOR.eq(query.actor()));
    }
    if (query.from() != null) {
      where = where.and(AUDIT_EVENT.OCCURRED_AT.ge(query.from().atOffset(ZoneOffset.UTC)));
    }
    if (query.to() != null) {
      where = where.and(AUDIT_EVENT.OCCURRED_AT.lt(query.to().atOffset(ZoneOffset.UTC)));
    }
    if (beforeId != null) {
      where = where.and(AUDIT_EVENT.ID.lt(beforeId));
    }
    return db.selectFrom(AUDIT_EVENT).where(where).orderBy(AUDIT_EVENT.ID.desc()).limit(limit).fetch(AuditStore::toEvent);
  }

  private static AuditEvent toEvent(AuditEventRecord r) {
    return new AuditEvent(
        r.getId(),
        r.getOccurredAt().toInstant(),
        r.getActor(),
        r.getTenantSlug(),
        r.getAction(),
        r.getTarget(),
        r.getBefore() == null ? null : r.getBefore().data(),
        r.getAfter() == null ? null : r.getAfter().data());
  }
}
