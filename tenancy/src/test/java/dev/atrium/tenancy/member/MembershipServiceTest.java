package dev.atrium.tenancy.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.PageRequest;
import org.junit.jupiter.api.Test;

class MembershipServiceTest extends TenancyTestBase {

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
  void theLastTenantAdminStays() {
    String slug = newTenant("leo");
    assertThatThrownBy(() -> members.remove(ADA, slug, "leo")).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> members.changeRole(ADA, slug, "leo", "tenant-member")).isInstanceOf(ConflictException.class);
  }
}
