package dev.atrium.tenancy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.TenantMembership;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DemoTenantsTest extends TenancyTestBase {

  @Autowired QuotaService quotas;

  @Test
  void demoTenantsAreCreatedOnceWithTheDevRealmsMembersAndQuotas() {
    assertThat(demo.createOnce()).as("a second start creates nothing").isFalse();
    assertThat(quotas.get(ADA, "acme").quota()).isEqualTo(new Quota(4000, 8192, 0, 20));
    assertThat(quotas.get(ADA, "globex").quota()).isEqualTo(new Quota(2000, 4096, 1, 10));
    assertThat(roles(new Identity("s-carol", "carol", "carol@acme.test"))).containsExactly("acme:tenant-member");
    assertThat(roles(new Identity("s-bob", "bob", null))).containsExactly("globex:tenant-admin");
    assertThat(roles(new Identity("s-dave", "dave", "dave@atrium.test"))).isEmpty();
  }

  @Test
  void aSignInBindsTheSubjectSoARenamedUserKeepsTheirTenants() {
    String slug = newTenant("erin");
    members.recordSignIn(new Identity("subject-of-erin", "erin", "erin@example.test"));

    Identity renamed = new Identity("subject-of-erin", "erin.archer", "erin@archer.example");
    assertThat(roles(renamed)).containsExactly(slug + ":tenant-admin");
    Identity impostor = new Identity("another-subject", "erin", "erin@example.test");
    assertThat(roles(impostor)).as("a bound membership no longer matches by username").isEmpty();
    assertThat(tenants.get(new Actor(renamed, false, false), slug).tenant().slug()).isEqualTo(slug);
  }

  private List<String> roles(Identity identity) {
    return members.tenantsOf(identity).stream()
        .map((TenantMembership m) -> m.tenant().slug() + ":" + m.role().wireName())
        .toList();
  }
}
