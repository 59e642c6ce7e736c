package dev.atrium.tenancy.member;

import static dev.atrium.db.jooq.Tables.TENANT_MEMBER;
import static org.jooq.impl.DSL.lower;

import dev.atrium.db.jooq.tables.records.TenantMemberRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Memberships in PostgreSQL. What a query sees depends on the transaction's scope. */
@Repository
public class MemberStore {

  private final DSLContext db;

  private final JdbcTemplate jdbc;

  MemberStore(DSLContext db, JdbcTemplate jdbc) {
    this.db = db;
    this.jdbc = jdbc;
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
    String email = identity.email() == null || !identity.emailVerified() ? null : identity.email().toLowerCase();
    String username = identity.username() == null ? null : identity.username().toLowerCase();
    return jdbc.query(
            ROLE_OF,
            ps -> {
              ps.setObject(1, tenantId);
              ps.setString(2, identity.subject());
              ps.setString(3, username);
              ps.setString(4, email);
            },
            (rs, row) -> TenantRole.fromWireName(rs.getString(1)).orElseThrow())
        .stream()
        .findFirst();
  }

  /**
   * {@link #matches} written once, sent as is (every tenant-scoped request asks it): by subject, or
   * by the username or verified email an invitation names; the bound membership first.
   */
  private static final String ROLE_OF =
      """
      select role from tenant_member
       where tenant_id = ?
         and (subject = ? or (subject is null and (lower(username) = ? or lower(email) = ?)))
       order by subject is null
      """;

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

  /**
   * Tenant id → role for every membership of this identity, bound or still waiting to be bound; where
   * one person has several rows in a tenant (invited by username and by email), the strongest role.
   */
  Map<UUID, TenantRole> rolesOf(Identity identity) {
    Map<UUID, TenantRole> roles = new HashMap<>();
    db.select(TENANT_MEMBER.TENANT_ID, TENANT_MEMBER.ROLE)
        .from(TENANT_MEMBER)
        .where(matches(identity))
        .fetch()
        .forEach(r -> roles.merge(r.value1(), TenantRole.fromWireName(r.value2()).orElseThrow(), TenantRole::stronger));
    return roles;
  }

  /**
   * Binds the subject to memberships made by username or (verified) email before the first sign-in.
   * A person invited to one tenant under two names keeps one membership there, with the stronger role;
   * the bound membership then carries both names, so that adding them again under either is refused.
   */
  void bindSubject(Identity identity) {
    Map<UUID, List<TenantMemberRecord>> byTenant = new HashMap<>();
    db.selectFrom(TENANT_MEMBER)
        .where(matches(identity))
        .orderBy(TENANT_MEMBER.TENANT_ID, TENANT_MEMBER.SUBJECT.isNotNull().desc(), TENANT_MEMBER.ID)
        .forUpdate()
        .fetch()
        .forEach(r -> byTenant.computeIfAbsent(r.getTenantId(), t -> new ArrayList<>()).add(r));
    byTenant.forEach((tenant, rows) -> {
      TenantMemberRecord kept = rows.get(0);
      TenantRole role = rows.stream().map(r -> TenantRole.fromWireName(r.getRole()).orElseThrow()).reduce(TenantRole::stronger).orElseThrow();
      List<Long> others = rows.stream().skip(1).map(TenantMemberRecord::getId).toList();
      if (!others.isEmpty()) {
        db.deleteFrom(TENANT_MEMBER).where(TENANT_MEMBER.ID.in(others)).execute();
      }
      db.update(TENANT_MEMBER)
          .set(TENANT_MEMBER.SUBJECT, identity.subject())
          .set(TENANT_MEMBER.ROLE, role.wireName())
          .set(TENANT_MEMBER.USERNAME, identity.username() != null && free(tenant, TENANT_MEMBER.USERNAME, identity.username(), kept.getId())
              ? DSL.val(identity.username()) : TENANT_MEMBER.USERNAME)
          .set(TENANT_MEMBER.EMAIL, identity.email() != null && identity.emailVerified() && free(tenant, TENANT_MEMBER.EMAIL, identity.email(), kept.getId())
              ? DSL.val(identity.email()) : TENANT_MEMBER.EMAIL)
          .where(TENANT_MEMBER.ID.eq(kept.getId()))
          .execute();
    });
  }

  /** Whether no other membership of the tenant goes by this name. */
  private boolean free(UUID tenant, org.jooq.TableField<TenantMemberRecord, String> column, String name, long except) {
    return !db.fetchExists(
        TENANT_MEMBER,
        TENANT_MEMBER.TENANT_ID.eq(tenant).and(lower(column).eq(name.toLowerCase())).and(TENANT_MEMBER.ID.ne(except)));
  }

  /**
   * Locks the tenant's tenant-admins until commit and counts them, so that two requests taking admins
   * away at once cannot leave the tenant with none: the second counts after the first has committed.
   */
  int lockAdmins(UUID tenantId) {
    return db.select(TENANT_MEMBER.ID)
        .from(TENANT_MEMBER)
        .where(TENANT_MEMBER.TENANT_ID.eq(tenantId))
        .and(TENANT_MEMBER.ROLE.eq(TenantRole.TENANT_ADMIN.wireName()))
        .forUpdate()
        .fetch()
        .size();
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
        identity.email() == null || !identity.emailVerified()
            ? DSL.falseCondition()
            : lower(TENANT_MEMBER.EMAIL).eq(identity.email().toLowerCase());
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
