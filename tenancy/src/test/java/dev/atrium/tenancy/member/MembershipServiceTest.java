package dev.atrium.tenancy.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.PageRequest;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

class MembershipServiceTest extends TenancyTestBase {

  @Autowired PlatformTransactionManager transactions;
  @Autowired DataSource dataSource;

  @Test
  void aTenantAdminAddsChangesAndRemovesMembers() {
    String slug = newTenant("ivan");
    var ivan = person("ivan", false);

    members.add(ivan, slug, new NewMember(null, "judy@example.test", "tenant-viewer"));
    members.changeRole(ivan, slug, "judy@example.test", "tenant-member");

    assertThat(members.list(ivan, slug, PageRequest.first(50)).items())
        .extracting(m -> m.name() + ":" + m.role().wireName())
        .containsExactly("ivan:tenant-admin", "judy@example.test:tenant-member");
    members.remove(ivan, slug, "judy@example.test");
    assertThat(members.list(ivan, slug, PageRequest.first(50)).items()).hasSize(1);
  }

  @Test
  void aTenantMemberCannotManageMembers() {
    assertThatThrownBy(() -> members.add(CAROL, "acme", new NewMember("mallory", null, "tenant-admin")))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> members.remove(CAROL, "acme", "alice")).isInstanceOf(ForbiddenException.class);
    assertThat(members.list(CAROL, "acme", PageRequest.first(50)).items()).extracting(Member::name).doesNotContain("mallory");
  }

  @Test
  void anotherTenantsAdminGetsNotFound() {
    assertThatThrownBy(() -> members.add(BOB, "acme", new NewMember("mallory", null, "tenant-admin")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> members.list(BOB, "acme", PageRequest.first(50))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void badMembersAreRefusedWithTheField() {
    assertThatThrownBy(() -> members.add(ALICE, "acme", new NewMember("kim", null, "owner")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("role"));
    assertThatThrownBy(() -> members.add(ALICE, "acme", new NewMember("kim", "kim@example.test", "tenant-member")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> members.add(ALICE, "acme", new NewMember(null, "not-an-email", "tenant-member")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("email"));
    assertThatThrownBy(() -> members.add(ALICE, "acme", new NewMember("carol", null, "tenant-member")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aPersonInvitedUnderBothNamesSignsInToOneMembershipWithTheStrongerRole() {
    String slug = newTenant("ivy");
    members.add(ADA, slug, new NewMember("kim", null, "tenant-viewer"));
    members.add(ADA, slug, new NewMember(null, "kim@example.test", "tenant-admin"));
    Identity kim = new Identity("subject-kim", "kim", "kim@example.test", true);

    members.recordSignIn(kim);

    assertThat(members.tenantsOf(kim)).singleElement().satisfies(m -> assertThat(m.role()).isEqualTo(TenantRole.TENANT_ADMIN));
    assertThat(members.list(ADA, slug, PageRequest.first(50)).items()).extracting(Member::subject).containsOnlyOnce("subject-kim");
    assertThatThrownBy(() -> members.add(ADA, slug, new NewMember("kim", null, "tenant-member"))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> members.add(ADA, slug, new NewMember(null, "KIM@example.test", "tenant-member")))
        .as("the bound membership carries both names").isInstanceOf(ConflictException.class);
  }

  @Test
  void anInvitationByEmailIsClaimedOnlyWithAVerifiedEmail() {
    String slug = newTenant("ira");
    members.add(ADA, slug, new NewMember(null, "lee@example.test", "tenant-member"));

    Identity unverified = new Identity("subject-lee", "lee", "lee@example.test", false);
    members.recordSignIn(unverified);
    assertThat(members.tenantsOf(unverified)).isEmpty();

    Identity verified = new Identity("subject-lee", "lee", "lee@example.test", true);
    members.recordSignIn(verified);
    assertThat(members.tenantsOf(verified)).extracting(m -> m.tenant().slug()).containsExactly(slug);
  }

  @Test
  void twoConcurrentDemotionsLeaveTheTenantOneAdmin() throws Exception {
    String slug = newTenant("uma");
    members.add(ADA, slug, new NewMember("vic", null, "tenant-admin"));

    TransactionStatus first = transactions.getTransaction(new DefaultTransactionDefinition());
    members.changeRole(ADA, slug, "uma", "tenant-member");
    CompletableFuture<Member> second = CompletableFuture.supplyAsync(() -> members.changeRole(ADA, slug, "vic", "tenant-member"));
    JdbcTemplate sql = new JdbcTemplate(dataSource);
    while (!second.isDone() && sql.queryForObject("select count(*) from pg_locks where not granted", Integer.class) == 0) {
      Thread.onSpinWait();
    }
    transactions.commit(first);

    assertThatThrownBy(second::get).hasCauseInstanceOf(ConflictException.class);
    assertThat(members.list(ADA, slug, PageRequest.first(50)).items())
        .filteredOn(m -> m.role() == TenantRole.TENANT_ADMIN).extracting(Member::name).containsExactly("vic");
  }

  @Test
  void theLastTenantAdminStays() {
    String slug = newTenant("leo");
    assertThatThrownBy(() -> members.remove(ADA, slug, "leo")).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> members.changeRole(ADA, slug, "leo", "tenant-member")).isInstanceOf(ConflictException.class);
  }
}
