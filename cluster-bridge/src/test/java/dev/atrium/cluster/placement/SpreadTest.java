package dev.atrium.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.quota.Quota;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A service's instances spread over nodes, so that one node going down does not take the whole
 * service; with {@code spreadBy}, over a label's values (zones) first. Best fit would put these
 * small instances all on one node.
 */
class SpreadTest extends ClusterTestBase {

  @Autowired Fleet fleet;

  @Test
  void aServicesInstancesGoToDifferentNodesWhileThereAreAnyAndThenShare() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = workloads.create(alice, slug, WorkloadSpecs.service("spread").cpu(100).instances(5).on("small")); // 2 nodes
    try {
      Map<String, Long> perNode = w.tasks().stream().collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
      assertThat(perNode).hasSize(2);
      assertThat(perNode.values()).containsExactlyInAnyOrder(3L, 2L);
    } finally {
      workloads.delete(alice, slug, w.id());
    }
  }

  @Test
  void spreadByALabelPutsInstancesInDifferentZonesFirst() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 10, 10));
    // sim's nodes 0..3 are in zones a, b, c, a: three instances take the three zones.
    Workload w = workloads.create(alice, slug, WorkloadSpecs.service("zoned").cpu(100).instances(3).spreadBy("zone").on("sim"));
    try {
      Map<String, String> zoneOf = fleet.nodes("sim").stream().collect(Collectors.toMap(Node::id, n -> n.labels().get("zone")));
      List<String> zones = w.tasks().stream().map(t -> zoneOf.get(t.nodeId())).toList();
      assertThat(zones).containsExactlyInAnyOrder("zone-a", "zone-b", "zone-c");
    } finally {
      workloads.delete(alice, slug, w.id());
    }
  }

  @Test
  void spreadByMustBeALabelKeyOfAService() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    try {
      workloads.create(alice, slug, WorkloadSpecs.job("bad").spreadBy("no spaces").on("sim"));
    } catch (ValidationException e) {
      assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("spreadBy", "spreadBy");
      return;
    }
    throw new AssertionError("accepted");
  }
}
