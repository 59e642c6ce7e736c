package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.workload.WorkloadSpecs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.driver.stub.StubDriver;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.access.RowScope;
import dev.atrium.tenancy.quota.Quota;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The reconciler against requests that change the same tasks at the same moment, and against a tenant
 * whose queue fits nowhere. Races are made deterministic by holding one side's transaction open
 * until the other side has either finished or waits for it. One sim node of 4 cores of its own.
 */
@TestPropertySource(
    properties = {
      "atrium.cluster.pools[0].name=own",
      "atrium.cluster.pools[0].sim.nodes=1",
      "atrium.cluster.pools[0].sim.cpu-millis=4000",
      "atrium.cluster.pools[0].sim.gpu-nodes=0"
    })
class ReconcilerTest extends ClusterTestBase {

  @Autowired PlatformTransactionManager transactions;
  @Autowired DataSource dataSource;
  @Autowired RowScope scope;
  @Autowired SystemWork work;
  @Autowired TaskStore tasks;
  @Autowired TaskEnds ends;
  @Autowired Fleet fleet;
  @Autowired StubDriver stub;

  @Test
  void aTaskKilledWhileTheReconcilerPlacesItStaysKilledAndHoldsNothing() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload filler = workloads.create(admin, slug, service("filler", 4000, 1));
    Workload waiting = workloads.create(admin, slug, service("waiting", 1000, 1));
    assertThat(waiting.state()).isEqualTo("PENDING");
    workloads.scale(admin, slug, filler.id(), 0); // room on the node for the next round
    Resources before = allocated();

    // A request deletes the waiting workload; its transaction is still open when the round runs.
    TransactionStatus delete = transactions.getTransaction(new DefaultTransactionDefinition());
    workloads.delete(admin, slug, waiting.id());
    CompletableFuture<Boolean> round = CompletableFuture.supplyAsync(reconciler::round);
    Locks.awaitDoneOrWaiting(dataSource, round);
    transactions.commit(delete);
    round.get();

    Task task = tasksOf(waiting).get(0);
    assertThat(task.state()).isEqualTo(TaskState.KILLED);
    assertThat(task.nodeId()).isNull();
    assertThat(allocated()).isEqualTo(before);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(0, 0, 0, 1));
  }

  @Test
  void aServiceBeingDeletedGetsNoReplacementAndTheDeleteNeverDeadlocksWithTheReconciler() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, service("web", 1000, 1));
    reconciler.round();
    reconciler.round();
    Task running = workloads.get(admin, slug, web.id()).tasks().get(0);
    assertThat(running.state()).isEqualTo(TaskState.RUNNING);

    // A request holds the service (a scale, then a delete, in one transaction) while the reconciler
    // sees its container exit and would replace it.
    TransactionStatus request = transactions.getTransaction(new DefaultTransactionDefinition());
    workloads.scale(admin, slug, web.id(), 1);
    CompletableFuture<Boolean> exited =
        CompletableFuture.supplyAsync(() -> work.inTransaction("test: observe", () -> ends.end(ends.holds(), running, TaskState.FAILED, "exited", true)));
    Locks.awaitDoneOrWaiting(dataSource, exited);
    workloads.delete(admin, slug, web.id());
    transactions.commit(request);

    assertThat(exited.get()).as("left for the next round").isFalse();
    assertThat(tasksOf(web)).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(TaskState.KILLED));
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void tasksThatFitNowhereDoNotKeepAnotherTenantsTaskFromItsPlace() {
    String hog = uniqueSlug();
    Actor hogAdmin = newTenant(hog, new Quota(100_000, 100_000, 0, 10));
    for (int i = 0; i < 3; i++) { // 2,100 tasks, older than the other tenant's, that no node takes
      workloads.create(hogAdmin, hog, WorkloadSpecs.service("nowhere-" + i).cpu(1).memory(1).instances(700).labels(Map.of("zone", "nowhere")).on("own"));
    }
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload filler = workloads.create(admin, slug, service("filler", 4000, 1));
    Workload waiting = workloads.create(admin, slug, service("waiting", 1000, 1));
    assertThat(waiting.state()).isEqualTo("PENDING");
    workloads.scale(admin, slug, filler.id(), 0);

    reconciler.round();

    assertThat(workloads.get(admin, slug, waiting.id()).tasks().get(0).state()).isNotEqualTo(TaskState.PENDING);
    workloads.delete(admin, slug, waiting.id());
  }

  @Test
  void launchesRunSideBySideUpToTheEnginesBoundAndEachTaskStartsOnce() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload batch = workloads.create(admin, slug, onStub("side-by-side", 6));
    CyclicBarrier pair = new CyclicBarrier(2); // met only by two launches under way at the same time
    AtomicInteger underWay = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    stub.launchParallelism(2);
    stub.beforeLaunch(launch -> {
      most.accumulateAndGet(underWay.incrementAndGet(), Math::max);
      try {
        pair.await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the launches did not run side by side", e);
      } finally {
        underWay.decrementAndGet();
      }
    });
    try {
      reconciler.round();
      reconciler.round();
    } finally {
      stub.beforeLaunch(launch -> {});
      stub.launchParallelism(1);
    }

    List<UUID> ofBatch = tasksOf(batch).stream().map(Task::id).toList();
    assertThat(stub.launches()).filteredOn(ofBatch::contains).as("each task launched once").hasSize(6).doesNotHaveDuplicates();
    assertThat(most.get()).as("launches at once").isEqualTo(2);
    assertThat(tasksOf(batch)).allMatch(t -> t.state() == TaskState.RUNNING && t.handle() != null);
    workloads.delete(admin, slug, batch.id());
  }

  @Test
  void deletingAWorkloadWhileItsLaunchesAreUnderWayStopsItsLaunchesAtOnce() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload batch = workloads.create(admin, slug, onStub("batch", 5));
    AtomicBoolean deleted = new AtomicBoolean();
    stub.beforeLaunch(launch -> {
      if (deleted.compareAndSet(false, true)) {
        workloads.delete(admin, slug, batch.id()); // committed while the first launch is under way
      }
    });
    try {
      reconciler.round();
    } finally {
      stub.beforeLaunch(launch -> {});
    }

    List<UUID> ofBatch = tasksOf(batch).stream().map(Task::id).toList();
    assertThat(stub.launches()).filteredOn(ofBatch::contains).as("only the launch under way").hasSize(1);
    assertThat(stub.managedTasks(fleet.installation(), "stub").values()).as("and its container stopped again")
        .doesNotContainAnyElementsOf(ofBatch);
    assertThat(tasksOf(batch)).allMatch(t -> t.state() == TaskState.KILLED);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void twoPoolsOnOneEngineLeaveEachOthersContainersAlone() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, onStub("web", 1));
    reconciler.round(); // launched in pool stub; pool stub-b's sweep sees the engine's containers too
    reconciler.round();

    Task task = workloads.get(admin, slug, web.id()).tasks().get(0);
    assertThat(task.state()).isEqualTo(TaskState.RUNNING);
    assertThat(stub.managedTasks(fleet.installation(), "stub")).containsValue(task.id());
    workloads.delete(admin, slug, web.id());
  }

  @Test
  void anEngineThatCannotBeAskedLosesNothing() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, onStub("web", 2));
    reconciler.round();
    reconciler.round();
    stub.refuseObserve(true);
    try {
      reconciler.round();
    } finally {
      stub.refuseObserve(false);
    }

    assertThat(workloads.get(admin, slug, web.id()).tasks()).hasSize(2).allMatch(t -> t.state() == TaskState.RUNNING);
    workloads.delete(admin, slug, web.id());
  }

  private static WorkloadSpec onStub(String name, int instances) {
    return WorkloadSpecs.service(name).cpu(500).memory(256).instances(instances).on("stub");
  }

  private static WorkloadSpec service(String name, long cpuMillis, int instances) {
    return WorkloadSpecs.service(name).cpu(cpuMillis).memory(256).instances(instances).on("own");
  }

  /** Every task of the workload, deleted or not, newest first. */
  private List<Task> tasksOf(Workload workload) {
    UUID tenantId = tenants.get(ADMIN, workload.tenant()).tenant().id();
    return work.inTransaction(
        "test: read tasks", () -> tasks.page(tenantId, workload.id(), null, PageRequest.first(PageRequest.MAX_LIMIT)).items());
  }

  private Resources allocated() {
    return fleet.nodes("own").stream().map(Node::allocated).reduce(Resources.NONE, Resources::plus);
  }
}
