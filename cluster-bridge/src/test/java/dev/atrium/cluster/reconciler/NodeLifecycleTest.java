package dev.atrium.cluster.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.driver.stub.StubDriver;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.NodeService;
import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.audit.AuditQuery;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The fleet is alive: nodes that leave their engine go DOWN and what ran there is replaced elsewhere;
 * platform admins drain nodes (services move without a gap, jobs run out) and mark them down. On the
 * stub pool (two nodes of 4 cores), with time driven by the test's clock.
 */
class NodeLifecycleTest extends ClusterTestBase {

  @Autowired StubDriver stub;
  @Autowired Fleet fleet;
  @Autowired NodeService nodes;
  @Autowired TestClock clock;
  @Autowired AuditLog audit;
  @Autowired PlatformTransactionManager transactions;
  @Autowired DataSource dataSource;

  @AfterEach
  void restoreTheFleet() {
    clock.reset();
    stub.addNode("stub-0", 4000, 16384);
    stub.addNode("stub-1", 4000, 16384);
    for (Node node : fleet.nodes("stub")) {
      if (node.present() && node.state() != NodeState.READY) {
        nodes.changeState(ADMIN, "stub", node.name(), "READY");
      }
    }
    clock.advance(InventoryStep.EVERY.plusSeconds(1));
    reconciler.round();
    clock.reset();
  }

  @Test
  void aNodeThatLeavesItsEngineGoesDownAndItsServiceIsReplacedOnAnother() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, WorkloadSpecs.service("web").cpu(500).instances(2).on("stub"));
    reconciler.round();
    String node = workloads.get(admin, slug, web.id()).tasks().get(0).nodeId();

    stub.vanishNode(name(node));
    clock.advance(InventoryStep.EVERY.plusSeconds(1)); // the next inventory notes it missing
    reconciler.round();
    assertThat(node(node).present()).as("one answer without it is not enough").isTrue();
    clock.advance(Fleet.GONE_AFTER.plusSeconds(1));
    reconciler.round();

    Node gone = node(node);
    assertThat(gone.present()).isFalse();
    assertThat(gone.state()).as("as its admin left it, for when it is back").isEqualTo(NodeState.READY);
    List<Task> tasks = workloads.get(admin, slug, web.id()).tasks();
    // Its engine no longer reports it (or the node is gone): either way it is lost. The service's two
    // instances were spread over the two nodes: the other one runs on.
    assertThat(tasks).filteredOn(t -> t.nodeId() != null && t.nodeId().equals(node)).singleElement()
        .matches(t -> t.state() == TaskState.LOST);
    clock.advance(Duration.ofSeconds(2)); // past the replacements' backoff
    reconciler.round();

    List<Task> live = workloads.get(admin, slug, web.id()).tasks().stream().filter(t -> !t.state().ended()).toList();
    assertThat(live).hasSize(2).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
      assertThat(t.nodeId()).isNotEqualTo(node);
    });
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(1000, 128, 0, 1));
    assertThatThrownBy(() -> nodes.changeState(ADMIN, "stub", name(node), "READY")).isInstanceOf(ConflictException.class);

    stub.addNode(name(node), 4000, 16384); // back in the engine
    clock.advance(InventoryStep.EVERY.plusSeconds(1));
    reconciler.round();
    assertThat(node(node).present()).isTrue();
    workloads.delete(admin, slug, web.id());
  }

  @Test
  void drainingANodeMovesItsServiceWithoutAGapAndLetsItsJobRunOut() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, WorkloadSpecs.service("web").cpu(500).on("stub"));
    Workload batch = workloads.create(admin, slug, WorkloadSpecs.job("batch").cpu(500).on("stub"));
    reconciler.round();
    Task old = workloads.get(admin, slug, web.id()).tasks().get(0);
    assertThat(workloads.get(admin, slug, batch.id()).tasks().get(0).nodeId()).isEqualTo(old.nodeId());
    Quota charged = quotas.get(ADMIN, slug).usage();

    nodes.changeState(ADMIN, "stub", name(old.nodeId()), "DRAINING");
    reconciler.round(); // a successor is placed elsewhere and starts; the old task still runs
    List<Task> moving = workloads.get(admin, slug, web.id()).tasks();
    assertThat(moving).hasSize(2).allMatch(t -> t.state() == TaskState.RUNNING);
    assertThat(quotas.get(ADMIN, slug).usage()).as("charged once while both run").isEqualTo(charged);

    reconciler.round(); // the successor runs: the old task goes
    List<Task> moved = workloads.get(admin, slug, web.id()).tasks();
    Task successor = moved.stream().filter(t -> !t.id().equals(old.id())).findFirst().orElseThrow();
    assertThat(moved.stream().filter(t -> t.id().equals(old.id())).findFirst().orElseThrow().state()).isEqualTo(TaskState.KILLED);
    assertThat(successor.state()).isEqualTo(TaskState.RUNNING);
    assertThat(successor.nodeId()).isNotEqualTo(old.nodeId());
    assertThat(successor.successorOf()).as("an instance like any other now").isNull();
    assertThat(workloads.get(admin, slug, batch.id()).tasks().get(0).state()).as("jobs run out").isEqualTo(TaskState.RUNNING);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(charged);

    Workload more = workloads.create(admin, slug, WorkloadSpecs.service("more").cpu(500).on("stub"));
    assertThat(more.tasks().get(0).nodeId()).as("nothing new on a draining node").isNotEqualTo(old.nodeId());
    assertThat(audit.query(ADMIN, AuditQuery.ALL, PageRequest.first(20)).items())
        .anySatisfy(e -> {
          assertThat(e.action()).isEqualTo("node.state");
          assertThat(e.target()).isEqualTo(old.nodeId());
        });
    workloads.delete(admin, slug, web.id());
    workloads.delete(admin, slug, batch.id());
    workloads.delete(admin, slug, more.id());
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void deletingAServiceWhileItMovesOffADrainingNodeNeverDeadlocksWithTheReconciler() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, WorkloadSpecs.service("web").cpu(500).on("stub"));
    reconciler.round();
    nodes.changeState(ADMIN, "stub", name(workloads.get(admin, slug, web.id()).tasks().get(0).nodeId()), "DRAINING");
    reconciler.round(); // the successor runs; the next round would hand over

    TransactionStatus request = transactions.getTransaction(new DefaultTransactionDefinition());
    workloads.scale(admin, slug, web.id(), 1); // a request holds the service
    CompletableFuture<Boolean> round = CompletableFuture.supplyAsync(reconciler::round);
    Locks.awaitDoneOrWaiting(dataSource, round);
    workloads.delete(admin, slug, web.id());
    transactions.commit(request);

    assertThat(round.get()).isTrue();
    reconciler.round();
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
    assertThat(fleet.nodes("stub")).allSatisfy(n -> assertThat(n.allocated().cpuMillis()).isZero());
  }

  @Test
  void aDrainingNodeThatGoesDownKeepsTheServicesSuccessorRunning() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, WorkloadSpecs.service("web").cpu(500).on("stub"));
    reconciler.round();
    String node = name(workloads.get(admin, slug, web.id()).tasks().get(0).nodeId());
    nodes.changeState(ADMIN, "stub", node, "DRAINING");
    reconciler.round(); // the successor runs elsewhere

    nodes.changeState(ADMIN, "stub", node, "DOWN");
    reconciler.round();

    List<Task> live = workloads.get(admin, slug, web.id()).tasks().stream().filter(t -> !t.state().ended()).toList();
    assertThat(live).as("the successor took over; no gap, no other replacement").singleElement().satisfies(t -> {
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
      assertThat(t.successorOf()).isNull();
    });
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(500, 64, 0, 1));
    workloads.delete(admin, slug, web.id());
  }

  @Test
  void aNodeMarkedDownLosesWhatRanThereAndItsServiceIsReplaced() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, WorkloadSpecs.service("web").cpu(500).on("stub"));
    reconciler.round();
    Task old = workloads.get(admin, slug, web.id()).tasks().get(0);

    nodes.changeState(ADMIN, "stub", name(old.nodeId()), "DOWN");
    reconciler.round();

    List<Task> tasks = workloads.get(admin, slug, web.id()).tasks();
    assertThat(tasks.get(0).state()).isEqualTo(TaskState.LOST);
    assertThat(tasks.get(0).reason()).isEqualTo("node " + old.nodeId() + " is down");
    assertThat(tasks.get(1).state()).isEqualTo(TaskState.PENDING);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(500, 64, 0, 1));
    workloads.delete(admin, slug, web.id());
  }

  @Test
  void aNodeWhoseCapacityShrankBelowItsAllocationKeepsItsTasksAndTakesNothingNew() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload big = workloads.create(admin, slug, WorkloadSpecs.service("big").cpu(3000).on("stub"));
    reconciler.round();
    String node = workloads.get(admin, slug, big.id()).tasks().get(0).nodeId();
    long allocated = node(node).allocated().cpuMillis();

    stub.addNode(name(node), 2000, 16384); // the engine now offers less than is allocated there
    clock.advance(InventoryStep.EVERY.plusSeconds(1));
    reconciler.round();

    assertThat(node(node).capacity().cpuMillis()).isEqualTo(2000);
    assertThat(node(node).allocated().cpuMillis()).isEqualTo(allocated).isGreaterThanOrEqualTo(3000);
    assertThat(workloads.get(admin, slug, big.id()).tasks().get(0).state()).isEqualTo(TaskState.RUNNING);
    Workload small = workloads.create(admin, slug, WorkloadSpecs.service("small").cpu(100).on("stub"));
    assertThat(small.tasks().get(0).nodeId()).as("nothing new until it fits").isNotEqualTo(node);
    workloads.delete(admin, slug, big.id());
    workloads.delete(admin, slug, small.id());
  }

  @Test
  void onlyAPlatformAdminChangesAKnownNodeToAKnownState() {
    String slug = uniqueSlug();
    Actor tenantAdmin = newTenant(slug, new Quota(1000, 1000, 0, 1));
    assertThatThrownBy(() -> nodes.changeState(tenantAdmin, "stub", "stub-0", "DOWN")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> nodes.changeState(ADMIN, "stub", "no-such-node", "DOWN")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> nodes.changeState(ADMIN, "stub", "stub-0", "ASLEEP"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("state"));
    assertThat(node("stub/stub-0").state()).isEqualTo(NodeState.READY);
  }

  private Node node(String id) {
    return fleet.nodes("stub").stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  private static String name(String nodeId) {
    return nodeId.substring(nodeId.indexOf('/') + 1);
  }
}
