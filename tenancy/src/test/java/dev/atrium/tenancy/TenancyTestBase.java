package dev.atrium.tenancy;

import dev.atrium.db.TestClock;
import dev.atrium.db.TestPostgres;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.demo.DemoTenants;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tenancy services wired by Spring against a real, migrated PostgreSQL shared by every test class
 * (one Spring context). Tests create their own tenants with unique slugs.
 */
@SpringBootTest(classes = TenancyTestBase.Application.class, properties = "atrium.metering.roller-enabled=false")
public abstract class TenancyTestBase {

  @SpringBootApplication(scanBasePackages = "dev.atrium.tenancy")
  public static class Application {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
    registry.add("spring.datasource.username", TestPostgres::username);
  }

  protected static final Actor ADA = person("ada", true);
  protected static final Actor ALICE = person("alice", false);
  protected static final Actor CAROL = person("carol", false);
  protected static final Actor BOB = person("bob", false);
  protected static final Actor DAVE = person("dave", false);

  @Autowired protected DemoTenants demo;
  @Autowired protected TenantService tenants;
  @Autowired protected MembershipService members;

  @BeforeEach
  void demoTenants() {
    demo.createOnce();
  }

  protected static Actor person(String username, boolean platformAdmin) {
    return new Actor(new Identity("subject-" + username, username, username + "@example.test"), platformAdmin, false);
  }

  /** A new tenant with a unique slug, {@code admin} as its tenant-admin. */
  protected String newTenant(String admin) {
    String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
    tenants.create(ADA, new NewTenant(slug, "Test " + slug, new Quota(1000, 1024, 0, 5)));
    members.add(ADA, slug, new NewMember(admin, null, "tenant-admin"));
    return slug;
  }
}
