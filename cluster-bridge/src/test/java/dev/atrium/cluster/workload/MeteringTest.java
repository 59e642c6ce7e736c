package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.driver.sim.SimDriver;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.billing.ExportFormat;
import dev.atrium.tenancy.billing.Granularity;
import dev.atrium.tenancy.billing.UsageQuery;
import dev.atrium.tenancy.billing.UsageRow;
import dev.atrium.tenancy.billing.UsageService;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A task's reservation is metered from placement until its node hold is released: when it is
 * stopped, or, when it vanished, until the reconciler found it gone. One sim node of its own, taken
 * down under the running tasks.
 */
@TestPropertySource(
    properties = {
      "atrium.cluster.pools[0].name=metered",
      "atrium.cluster.pools[0].sim.nodes=1",
      "atrium.cluster.pools[0].sim.gpu-nodes=0",
      "atrium.cluster.pools[1].name=spare",
      "atrium.cluster.pools[1].sim.nodes=1"
    })
class MeteringTest extends ClusterTestBase {

  @Autowired TestClock clock;
  @Autowired UsageMeter meter;
  @Autowired UsageService usage;
  @Autowired Fleet fleet;

  @AfterEach
  void systemClock() {
    clock.reset();
  }

  @Test
  void lostTasksAreMeteredUntilFoundGoneStoppedOnesUntilStoppedEachOnce() {
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    Instant placed = day.plus(Duration.ofHours(10));
    clock.set(placed);
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(4000, 4096, 0, 5));
    Workload web = workloads.create(admin, slug, service("web", "metered", 2));
    Workload batch = workloads.create(admin, slug, service("batch", "spare", 1));
    reconciler.round();
    reconciler.round();
    assertThat(workloads.get(admin, slug, web.id()).tasks()).allMatch(t -> t.state() == TaskState.RUNNING);

    Instant foundGone = placed.plus(Duration.ofMinutes(20)).plusSeconds(7);
    clock.set(foundGone);
    String node = workloads.get(admin, slug, web.id()).tasks().get(0).nodeId(); // "pool/node"
    ((SimDriver) fleet.driver("metered").orElseThrow()).takeDown(node.substring(node.indexOf('/') + 1));
    reconciler.round();
    List<Task> afterLoss = workloads.get(admin, slug, web.id()).tasks();
    assertThat(afterLoss).filteredOn(t -> t.restarts() == 0).hasSize(2).allMatch(t -> t.state() == TaskState.LOST);
    assertThat(afterLoss).filteredOn(t -> t.restarts() == 1).as("replacements, not yet placed").hasSize(2)
        .allMatch(t -> t.state() == TaskState.PENDING);
    clock.set(foundGone.plusSeconds(1)); // within the replacements' backoff: they stay unplaced, unmetered
    reconciler.round(); // nothing is lost twice

    Instant stopped = placed.plus(Duration.ofMinutes(75));
    clock.set(stopped);
    workloads.delete(admin, slug, batch.id());
    clock.set(placed.plus(Duration.ofHours(3)).plusSeconds(1));
    meter.roll();

    long lost = Duration.between(placed, foundGone).toSeconds();
    long ran = Duration.between(placed, stopped).toSeconds();
    List<UsageRow> days =
        usage.rows(
            usage.ofTenant(admin, slug, new UsageQuery(day, day.plus(Duration.ofDays(1)), Granularity.DAY), ExportFormat.JSONL));
    Map<String, Long> held = Map.of("cpu", 500 * (2 * lost + ran), "memory", 128 * (2 * lost + ran), "gpu", 0L);
    assertThat(days).hasSize(3).allSatisfy(r -> assertThat(r.quantity()).isEqualTo(held.get(r.resource())));
  }

  private static WorkloadSpec service(String name, String pool, int instances) {
    return WorkloadSpecs.service(name).command("sleep", "600").cpu(500).memory(128).instances(instances).on(pool);
  }
}
