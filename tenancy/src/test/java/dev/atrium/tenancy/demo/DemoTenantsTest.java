package dev.atrium.tenancy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.db.TestPostgres;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.TenantMembership;
import dev.atrium.tenancy.member.TenantRole;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = DemoTenantsTest.Application.class)
class DemoTenantsTest {

  @SpringBootApplication(scanBasePackages = "dev.atrium.tenancy")
  static class Application {}

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
    registry.add("spring.datasource.username", TestPostgres::username);
  }

  @Autowired DemoTenants demo;
  @Autowired TenantService tenants;
  @Autowired QuotaService quotas;
  @Autowired MembershipService memberships;

  @Test
  void demoTenantsAreCreatedOnceWithTheDevRealmsMembersAndQuotas() {
    demo.createOnce();

    assertThat(demo.createOnce()).as("second start creates nothing").isFalse();
    assertThat(tenants.findAll()).extracting(t -> t.slug()).containsExactly("acme", "globex");
    var acme = tenants.find("acme").orElseThrow();
    assertThat(quotas.of(acme.id()).quota()).isEqualTo(new Quota(4000, 8192, 0, 20));
    assertThat(quotas.of(tenants.find("globex").orElseThrow().id()).quota()).isEqualTo(new Quota(2000, 4096, 1, 10));
    assertThat(roles(new Identity("s-carol", "carol", "carol@acme.test")))
        .containsExactly("acme:" + TenantRole.TENANT_MEMBER.wireName());
    assertThat(roles(new Identity("s-bob", "bob", null))).containsExactly("globex:tenant-admin");
    assertThat(roles(new Identity("s-dave", "dave", "dave@atrium.test"))).isEmpty();
  }

  @Test
  void aSignInBindsTheSubjectSoARenamedUserKeepsTheirTenants() {
    demo.createOnce();
    Identity alice = new Identity("subject-of-alice", "alice", "alice@acme.test");

    memberships.recordSignIn(alice);

    Identity renamed = new Identity("subject-of-alice", "alice.archer", "alice@archer.example");
    assertThat(roles(renamed)).containsExactly("acme:tenant-admin");
    Identity impostor = new Identity("another-subject", "alice", "alice@acme.test");
    assertThat(roles(impostor)).as("a bound membership no longer matches by username").isEmpty();
  }

  private List<String> roles(Identity identity) {
    return memberships.tenantsOf(identity).stream()
        .map((TenantMembership m) -> m.tenant().slug() + ":" + m.role().wireName())
        .toList();
  }
}
