package dev.atrium.cluster;

import dev.atrium.cluster.driver.stub.StubDriver;
import dev.atrium.cluster.pool.Drivers;
import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.db.TestPostgres;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster bridge with tenancy against a real PostgreSQL and two simulated pools: {@code sim}, 4
 * nodes of 8 cores and 32 GiB, the last with 2 GPUs; {@code small}, 2 nodes of 4 cores and 16 GiB;
 * tasks RUNNING at once; {@code booking}, like {@code small}, for the reservation tests alone; and
 * {@code stub} and {@code stub-b}, two pools on one {@link StubDriver},
 * an engine a test can make fail. Tests drive the reconciler round by
 * round. Each test makes its own tenant.
 */
@SpringBootTest(
    classes = ClusterTestBase.Application.class,
    properties = {
      "atrium.cluster.reconciler-enabled=false",
      "atrium.metering.roller-enabled=false",
      "atrium.cluster.pools[0].name=sim",
      "atrium.cluster.pools[0].driver=sim",
      "atrium.cluster.pools[0].sim.nodes=4",
      "atrium.cluster.pools[0].sim.gpu-nodes=1",
      "atrium.cluster.pools[0].sim.start-delay=0s",
      "atrium.cluster.pools[1].name=small",
      "atrium.cluster.pools[1].driver=sim",
      "atrium.cluster.pools[1].sim.nodes=2",
      "atrium.cluster.pools[1].sim.cpu-millis=4000",
      "atrium.cluster.pools[1].sim.memory-mib=16384",
      "atrium.cluster.pools[1].sim.gpu-nodes=0",
      "atrium.cluster.pools[1].sim.start-delay=0s",
      "atrium.cluster.pools[2].name=booking",
      "atrium.cluster.pools[2].driver=sim",
      "atrium.cluster.pools[2].sim.nodes=2",
      "atrium.cluster.pools[2].sim.cpu-millis=4000",
      "atrium.cluster.pools[2].sim.memory-mib=16384",
      "atrium.cluster.pools[2].sim.gpu-nodes=0",
      "atrium.cluster.pools[2].sim.start-delay=0s"
    })
public abstract class ClusterTestBase {

  @SpringBootApplication(scanBasePackages = {"dev.atrium.tenancy", "dev.atrium.cluster"})
  @ConfigurationPropertiesScan("dev.atrium.cluster")
  static class Application {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }

    /** A pool {@code stub} of 2 nodes of 4 cores and 16 GiB, whose engine tests can make fail. */
    @Bean
    StubDriver stubDriver() {
      return new StubDriver(2, 4000, 16384);
    }

    @Bean
    static BeanPostProcessor stubPool(ObjectProvider<StubDriver> stub) {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (bean instanceof Drivers drivers) {
            // Recorded as simulated pools: the database knows the product's driver kinds only. Two
            // pools on one engine, as several pools may share one podman or one cluster.
            drivers.add("stub", "sim", stub.getObject());
            drivers.add("stub-b", "sim", stub.getObject());
          }
          return bean;
        }
      };
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
    registry.add("spring.datasource.username", TestPostgres::username);
  }

  protected static final Actor ADMIN = new Actor(new Identity("subject-ada", "ada", null), true, false);

  @Autowired protected TenantService tenants;
  @Autowired protected MembershipService members;
  @Autowired protected QuotaService quotas;
  @Autowired protected WorkloadService workloads;
  @Autowired protected Reconciler reconciler;

  /** A new tenant with this quota and a tenant-admin; returns that admin. */
  protected Actor newTenant(String slug, Quota quota) {
    tenants.create(ADMIN, new NewTenant(slug, "Tenant " + slug, quota));
    String admin = "admin-of-" + slug;
    members.add(ADMIN, slug, new NewMember(admin, null, "tenant-admin"));
    return new Actor(new Identity("subject-" + admin, admin, null), false, false);
  }

  protected static String uniqueSlug() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
