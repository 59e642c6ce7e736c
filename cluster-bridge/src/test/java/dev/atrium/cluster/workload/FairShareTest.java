package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.quota.Quota;
import org.junit.jupiter.api.Test;

/**
 * When capacity frees, waiting tasks are placed by dominant resource share across tenants (DRF), not
 * by who asked first: the tenant holding nothing goes before the one holding the pool.
 */
class FairShareTest extends ClusterTestBase {

  static WorkloadSpec onSmall(String name, int instances) {
    return WorkloadSpecs.service(name).cpu(2000).memory(1024).instances(instances).on("small");
  }

  @Test
  void freedCapacityGoesToTheTenantWithTheSmallestDominantShare() {
    String big = uniqueSlug();
    String newcomer = uniqueSlug();
    Actor bigAdmin = newTenant(big, new Quota(100_000, 100_000, 0, 10));
    Actor newcomerAdmin = newTenant(newcomer, new Quota(100_000, 100_000, 0, 10));

    Workload fills = workloads.create(bigAdmin, big, onSmall("fills", 4));
    Workload more = workloads.create(bigAdmin, big, onSmall("more", 2));
    Workload fair = workloads.create(newcomerAdmin, newcomer, onSmall("fair", 2));
    assertThat(more.state()).isEqualTo("PENDING");
    assertThat(more.reason()).isEqualTo("no node in pool small has 2 free cores; largest free: 0 cores");
    assertThat(fair.state()).isEqualTo("PENDING");

    workloads.scale(bigAdmin, big, fills.id(), 2);
    reconciler.round();

    assertThat(workloads.get(newcomerAdmin, newcomer, fair.id()).tasks())
        .extracting(t -> t.state() + " " + t.nodeId() + " " + t.reason())
        .allMatch(t -> !t.startsWith("PENDING"));
    assertThat(workloads.get(bigAdmin, big, more.id()).state()).isEqualTo("PENDING");
  }
}
