package dev.atrium.tenancy.member;

import static dev.atrium.db.jooq.Tables.TENANT_MEMBER;
import static org.jooq.impl.DSL.lower;

import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class MemberStore {

  private final DSLContext db;

  MemberStore(DSLContext db) {
    this.db = db;
  }

  void insertByUsername(UUID tenantId, String username, TenantRole role) {
    db.insertInto(TENANT_MEMBER)
        .set(TENANT_MEMBER.TENANT_ID, tenantId)
        .set(TENANT_MEMBER.USERNAME, username)
        .set(TENANT_MEMBER.ROLE, role.wireName())
        .execute();
  }

  /** Tenant id → role for every membership of this identity, bound or still waiting to be bound. */
  Map<UUID, TenantRole> rolesOf(Identity identity) {
    return db.select(TENANT_MEMBER.TENANT_ID, TENANT_MEMBER.ROLE)
        .from(TENANT_MEMBER)
        .where(matches(identity))
        .fetchMap(
            TENANT_MEMBER.TENANT_ID,
            r -> TenantRole.fromWireName(r.get(TENANT_MEMBER.ROLE)).orElseThrow());
  }

  /** Binds the subject to memberships made by username or email before the first sign-in. */
  int bindSubject(Identity identity) {
    return db.update(TENANT_MEMBER)
        .set(TENANT_MEMBER.SUBJECT, identity.subject())
        .where(TENANT_MEMBER.SUBJECT.isNull())
        .and(invitedAs(identity))
        .execute();
  }

  private static Condition matches(Identity identity) {
    return TENANT_MEMBER.SUBJECT.eq(identity.subject())
        .or(TENANT_MEMBER.SUBJECT.isNull().and(invitedAs(identity)));
  }

  private static Condition invitedAs(Identity identity) {
    Condition byUsername =
        identity.username() == null
            ? DSL.falseCondition()
            : lower(TENANT_MEMBER.USERNAME).eq(identity.username().toLowerCase());
    Condition byEmail =
        identity.email() == null
            ? DSL.falseCondition()
            : lower(TENANT_MEMBER.EMAIL).eq(identity.email().toLowerCase());
    return byUsername.or(byEmail);
  }
}
