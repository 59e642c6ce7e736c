package dev.atrium.tenancy.member;

import static dev.atrium.db.jooq.Tables.TENANT_MEMBER;
import static org.jooq.impl.DSL.lower;

import dev.atrium.db.jooq.tables.records.TenantMemberRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Memberships in PostgreSQL. What a query sees depends on the transaction's scope. */
@Repository
public class MemberStore {

  private final DSLContext db;

  MemberStore(DSLContext db) {
    this.db = db;
  }

  Member insert(UUID tenantId, String username, String email, TenantRole role) {
    return toMember(
        db.insertInto(TENANT_MEMBER)
            .set(TENANT_MEMBER.TENANT_ID, tenantId)
            .set(TENANT_MEMBER.USERNAME, username)
            .set(TENANT_MEMBER.EMAIL, email)
            .set(TENANT_MEMBER.ROLE, role.wireName())
            .returning()
            .fetchOne());
  }

  public Optional<TenantRole> roleOf(UUID tenantId, Identity identity) {
    return db.select(TENANT_MEMBER.ROLE)
        .from(TENANT_MEMBER)
        .where(TENANT_MEMBER.TENANT_ID.eq(tenantId))
        .and(matches(identity))
        .fetchOptional(r -> TenantRole.fromWireName(r.value1()).orElseThrow());
  }

  /** A member named by username or email (case-insensitive). */
  Optional<Member> find(UUID tenantId, String name) {
    return db.selectFrom(TENANT_MEMBER)
        .where(TENANT_MEMBER.TENANT_ID.eq(tenantId))
        .and(lower(TENANT_MEMBER.USERNAME).eq(name.toLowerCase()).or(lower(TENANT_MEMBER.EMAIL).eq(name.toLowerCase())))
        .fetchOptional(MemberStore::toMember);
  }

  List<Member> list(UUID tenantId, Long afterId, int limit) {
    return db.selectFrom(TENANT_MEMBER)
        .where(TENANT_MEMBER.TENANT_ID.eq(tenantId))
        .and(afterId == null ? DSL.noCondition() : TENANT_MEMBER.ID.gt(afterId))
        .orderBy(TENANT_MEMBER.ID)
        .limit(limit)
        .fetch(MemberStore::toMember);
  }

  Member updateRole(long id, TenantRole role) {
    return toMember(
        db.update(TENANT_MEMBER).set(TENANT_MEMBER.ROLE, role.wireName()).where(TENANT_MEMBER.ID.eq(id)).returning().fetchOne());
  }

  void delete(long id) {
    db.deleteFrom(TENANT_MEMBER).where(TENANT_MEMBER.ID.eq(id)).execute();
  }

  int countAdmins(UUID tenantId) {
    return db.fetchCount(
        TENANT_MEMBER,
        TENANT_MEMBER.TENANT_ID.eq(tenantId).and(TENANT_MEMBER.ROLE.eq(TenantRole.TENANT_ADMIN.wireName())));
  }

  /** Tenant id → role for every membership of this identity, bound or still waiting to be bound. */
  Map<UUID, TenantRole> rolesOf(Identity identity) {
    return db.select(TENANT_MEMBER.TENANT_ID, TENANT_MEMBER.ROLE)
        .from(TENANT_MEMBER)
        .where(matches(identity))
        .fetchMap(TENANT_MEMBER.TENANT_ID, r -> TenantRole.fromWireName(r.get(TENANT_MEMBER.ROLE)).orElseThrow());
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
    Condition bySubject =
        identity.subject() == null ? DSL.falseCondition() : TENANT_MEMBER.SUBJECT.eq(identity.subject());
    return bySubject.or(TENANT_MEMBER.SUBJECT.isNull().and(invitedAs(identity)));
  }

  private static Condition invitedAs(Identity identity) {
    Condition byUsername =
        identity.username() == null
            ? DSL.falseCondition()
            : lower(TENANT_MEMBER.USERNAME).eq(identity.username().toLowerCase());
    Condition byEmail =
        identity.email() == null ? DSL.falseCondition() : lower(TENANT_MEMBER.EMAIL).eq(identity.email().toLowerCase());
    return byUsername.or(byEmail);
  }

  private static Member toMember(TenantMemberRecord r) {
    return new Member(
        r.getId(),
        r.getSubject(),
        r.getUsername(),
        r.getEmail(),
        TenantRole.fromWireName(r.getRole()).orElseThrow(),
        r.getAddedAt().toInstant());
  }
}
