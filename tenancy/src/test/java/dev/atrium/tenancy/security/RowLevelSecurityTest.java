package dev.atrium.tenancy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.NewMember;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * PostgreSQL alone keeps tenants apart: queries below forget every tenant filter on purpose, and the
 * database still answers only the rows of the tenant the transaction acts for.
 */
class RowLevelSecurityTest extends TenancyTestBase {

  @Autowired DSLContext db;
  @Autowired ScopeStore scope;
  @Autowired TransactionTemplate transaction;

  @Test
  void aTenantScopedTransactionSeesOnlyItsTenantsRowsWithoutAnyFilter() {
    UUID acme = tenants.get(ADA, "acme").tenant().id();

    List<String> seen =
        transaction.execute(
            status -> {
              scope.tenant(acme);
              return List.of(
                  "tenants=" + db.fetch("select slug from tenant").getValues(0, String.class),
                  "members=" + db.fetch("select distinct tenant_id from tenant_member").getValues(0, UUID.class),
                  "quotas=" + db.fetch("select tenant_id from tenant_quota").getValues(0, UUID.class),
                  "audit=" + db.fetch("select distinct tenant_slug from audit_event").getValues(0, String.class));
            });

    assertThat(seen)
        .containsExactly("tenants=[acme]", "members=[" + acme + "]", "quotas=[" + acme + "]", "audit=[acme]");
  }

  @Test
  void aTransactionThatSaysNothingSeesNoTenantData() {
    List<Integer> counts =
        transaction.execute(
            status ->
                List.of(
                    db.fetchOne("select count(*) from tenant").get(0, Integer.class),
                    db.fetchOne("select count(*) from tenant_member").get(0, Integer.class),
                    db.fetchOne("select count(*) from tenant_quota").get(0, Integer.class),
                    db.fetchOne("select count(*) from audit_event").get(0, Integer.class)));
    assertThat(counts).containsExactly(0, 0, 0, 0);
  }

  @Test
  void aTenantScopedTransactionCannotWriteIntoAnotherTenant() {
    UUID acme = tenants.get(ADA, "acme").tenant().id();
    UUID globex = tenants.get(ADA, "globex").tenant().id();

    int updated =
        transaction.execute(
            status -> {
              scope.tenant(acme);
              return db.execute("update tenant_quota set cpu_millis = 0 where tenant_id = ?", globex);
            });

    assertThat(updated).isZero();
    assertThat(tenants.get(ADA, "globex").quota().quota().cpuMillis()).isEqualTo(2000);
  }

  @Test
  void bindingAnInvitationSetsTheSubjectAndCannotChangeTheRoleOrTheTenant() {
    String slug = newTenant("alice");
    String other = newTenant("alice");
    String invitee = "invitee-" + UUID.randomUUID().toString().substring(0, 8);
    members.add(ADA, slug, new NewMember(invitee, null, "tenant-viewer"));
    UUID otherId = tenants.get(ADA, other).tenant().id();
    Identity me = new Identity("subject-" + invitee, invitee, null);

    assertThatThrownBy(() -> asPerson(me, "update tenant_member set subject = ?, role = 'tenant-admin' where username = ?", me.subject(), invitee))
        .as("a bind that promotes")
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("violates row-level security");
    assertThatThrownBy(() -> asPerson(me, "update tenant_member set subject = ?, tenant_id = ? where username = ?", me.subject(), otherId, invitee))
        .as("a bind that moves to another tenant")
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("violates row-level security");
    assertThat(members.list(ADA, slug, dev.atrium.tenancy.page.PageRequest.first(50)).items())
        .filteredOn(m -> invitee.equals(m.username()))
        .singleElement()
        .satisfies(m -> assertThat(m.role()).isEqualTo(dev.atrium.tenancy.member.TenantRole.TENANT_VIEWER));

    assertThat(asPerson(me, "update tenant_member set subject = ? where username = ?", me.subject(), invitee)).as("a plain bind").isEqualTo(1);
  }

  private int asPerson(Identity identity, String sql, Object... bindings) {
    return transaction.execute(
        status -> {
          scope.person(identity);
          return db.execute(sql, bindings);
        });
  }
}
