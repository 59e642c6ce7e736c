package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.db.TestPostgres;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Connected as a superuser, which skips row-level security (Atrium warns about it but runs), the
 * services still keep tenants apart: every lookup of a workload or its tasks names the tenant.
 */
class SuperuserConnectionTest extends ClusterTestBase {

  @DynamicPropertySource
  static void superuser(DynamicPropertyRegistry registry) {
    // Hikari's own settings win over spring.datasource.*, which the base class sets to Atrium's role.
    registry.add("spring.datasource.hikari.jdbc-url", () -> TestPostgres.jdbcUrl().replace("user=" + TestPostgres.username(), "user=postgres"));
    registry.add("spring.datasource.hikari.username", () -> "postgres");
  }

  @Autowired DSLContext db;

  @Test
  void aTenantCannotReachAnotherTenantsWorkloadThroughItsOwnSlug() {
    boolean superuser = db.fetchSingle("select rolsuper from pg_roles where rolname = current_user").get(0, Boolean.class);
    assertThat(superuser)
        .as("connected as a superuser")
        .isTrue();
    String mine = uniqueSlug();
    String theirs = uniqueSlug();
    Actor owner = newTenant(mine, new Quota(100_000, 100_000, 0, 10));
    Actor intruder = newTenant(theirs, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(owner, mine, WorkloadSpecs.service("web").cpu(100).memory(64).instances(2).on("sim"));

    assertThatThrownBy(() -> workloads.get(intruder, theirs, web.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> workloads.tasks(intruder, theirs, web.id(), null, PageRequest.first(50))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> workloads.scale(intruder, theirs, web.id(), 0)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> workloads.delete(intruder, theirs, web.id())).isInstanceOf(NotFoundException.class);
    assertThat(workloads.list(intruder, theirs, PageRequest.first(50)).items()).isEmpty();

    Workload after = workloads.get(owner, mine, web.id());
    assertThat(after.spec().instances()).isEqualTo(2);
    assertThat(after.tasks()).hasSize(2).noneMatch(t -> t.state().ended());
  }
}
