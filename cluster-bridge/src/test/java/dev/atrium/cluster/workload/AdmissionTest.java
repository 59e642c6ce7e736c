package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.TenantChange;
import dev.atrium.tenancy.tenant.TenantState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.atrium.cluster.placement.Placement;
import dev.atrium.cluster.placement.PlacementRequest;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;

class AdmissionTest extends ClusterTestBase {

  @Autowired Fleet fleet;
  @Autowired Placement placement;
  @Autowired TransactionTemplate transaction;

  static WorkloadSpec service(String name, long cpu, long mem, long gpus, int instances) {
    return WorkloadSpecs.service(name).command("sleep", "3600").cpu(cpu).memory(mem).gpus(gpus).instances(instances).on("sim");
  }

  @Test
  void sixtyFourConcurrentAdmissionsNeverTakeATenantPastItsQuota() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(1_000_000, 1_000_000, 0, 5));
    for (int i = 0; i < 4; i++) {
      workloads.create(admin, slug, service("before-" + i, 100, 64, 0, 1));
    }
    Resources allocatedBefore = allocated();

    int threads = 64;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String name = "racer-" + i;
      results.add(pool.submit(() -> {
        start.await();
        try {
          workloads.create(admin, slug, service(name, 100, 64, 0, 1));
          return true;
        } catch (QuotaExceededException e) {
          return false;
        }
      }));
    }
    start.countDown();
    int admitted = 0;
    for (Future<Boolean> result : results) {
      admitted += result.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(admitted).isEqualTo(1);
    var usage = quotas.get(ADMIN, slug).usage();
    assertThat(usage.workloads()).isEqualTo(5);
    assertThat(usage.cpuMillis()).isEqualTo(500);
    assertThat(workloads.list(admin, slug, PageRequest.first(50)).items()).hasSize(5);
    assertThat(allocated().minus(allocatedBefore)).isEqualTo(new Resources(100, 64, 0));
  }

  /**
   * Two admissions each hold a node and then need the other's, which looks free to them (the other's
   * allocation is not committed yet). Waiting for it would deadlock, and PostgreSQL would fail one of
   * the requests; admission never waits for a node: the task waits PENDING for the next round instead.
   */
  @Test
  void twoAdmissionsThatEachNeedTheOthersNodeDoNotDeadlock() throws Exception {
    CountDownLatch firstPlaced = new CountDownLatch(2);
    CountDownLatch secondTried = new CountDownLatch(2); // neither ends (and unlocks its node) before both tried
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<Boolean>>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(
          pool.submit(
              () ->
                  transaction.execute(
                      status -> {
                        status.setRollbackOnly(); // leaves the pool as it was
                        boolean first = placement.place(task(3000)).isPresent(); // one node each
                        firstPlaced.countDown();
                        awaitQuietly(firstPlaced);
                        boolean second = placement.place(task(2000)).isPresent(); // fits only the other's
                        secondTried.countDown();
                        awaitQuietly(secondTried);
                        return List.of(first, second);
                      })));
    }
    for (Future<List<Boolean>> result : results) {
      assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(true, false);
    }
    pool.shutdown();
  }

  private static PlacementRequest task(long cpuMillis) {
    return new PlacementRequest("small", new Resources(cpuMillis, 256, 0), Map.of());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRequestPastTheQuotaNamesTheResourceAndAdmitsNothing() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(1000, 4096, 0, 10));

    assertThatThrownBy(() -> workloads.create(admin, slug, service("big", 600, 256, 0, 2)))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.resource()).isEqualTo("cpuMillis");
          assertThat(e.requested()).isEqualTo(1200);
          assertThat(e.available()).isEqualTo(1000);
        });
    assertThat(workloads.list(admin, slug, PageRequest.first(50)).items()).isEmpty();
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  private static WorkloadSpec labelled(Map<String, String> labels) {
    return WorkloadSpecs.job("l").cpu(1).memory(1).labels(labels).on("sim");
  }

  @Test
  void labelsInKubernetesSyntaxAreAccepted() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload ok = workloads.create(admin, slug, labelled(Map.of("example.com/disk", "ssd", "zone", "eu-west_1.a", "empty", "")));
    assertThat(ok.state()).isEqualTo("PENDING"); // no node carries them
    workloads.delete(admin, slug, ok.id());
  }

  @Test
  void badRequestsAreRefusedWithTheirFields() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    assertThatThrownBy(() -> workloads.create(admin, slug, service("zero", 0, 64, 0, 1)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("resources.cpuMillis"));
    assertThatThrownBy(() -> workloads.create(admin, slug, service("many", 1, 1, 0, 1001)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("instances"));
    WorkloadSpec unknownPool = WorkloadSpecs.job("p").cpu(1).memory(1).on("mars");
    assertThatThrownBy(() -> workloads.create(admin, slug, unknownPool))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("pool"));
    WorkloadSpec hugeEnv = WorkloadSpecs.job("e").env(Map.of("BIG", "x".repeat(100_000))).cpu(1).memory(1).on("sim");
    assertThatThrownBy(() -> workloads.create(admin, slug, hugeEnv))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("env.BIG"));
    WorkloadSpec noImage = WorkloadSpecs.job("i").image("").cpu(1).memory(1).on("sim");
    assertThatThrownBy(() -> workloads.create(admin, slug, noImage))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("image"));
    Map<String, String> tooMany = new java.util.HashMap<>();
    for (int i = 0; i <= 20; i++) {
      tooMany.put("label-" + i, "x");
    }
    for (Map<String, String> labels : List.of(tooMany, Map.of("bad key!", "x"), Map.of("example.com/", "x"))) {
      assertThatThrownBy(() -> workloads.create(admin, slug, labelled(labels)))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("nodeLabels"));
    }
    assertThatThrownBy(() -> workloads.create(admin, slug, labelled(Map.of("zone", "-edge"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("nodeLabels.zone"));
    assertThatThrownBy(() -> workloads.create(admin, slug, labelled(Map.of("zone", "x".repeat(64)))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("nodeLabels.zone"));
    assertThat(workloads.list(admin, slug, PageRequest.first(50)).items()).isEmpty();
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void aSuspendedTenantIsAdmittedNothing() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    tenants.update(ADMIN, slug, new TenantChange(null, TenantState.SUSPENDED));
    assertThatThrownBy(() -> workloads.create(admin, slug, service("web", 100, 64, 0, 1)))
        .isInstanceOf(TenantSuspendedException.class);
  }

  @Test
  void whatFitsNowhereWaitsWithAReasonAPersonCanActOn() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 10, 10));

    Workload gpus = workloads.create(admin, slug, service("trainer", 1000, 1024, 4, 1));

    assertThat(gpus.state()).isEqualTo("PENDING");
    assertThat(gpus.reason()).isEqualTo("no node in pool sim has 4 free GPUs; largest free: 2");
  }

  @Test
  void nodeLabelsConstrainPlacement() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    WorkloadSpec onGpuNodes =
        WorkloadSpecs.service("labelled").instances(2).labels(Map.of("gpu", "true")).on("sim");
    WorkloadSpec nowhere =
        WorkloadSpecs.service("nowhere").labels(Map.of("zone", "mars")).on("sim");

    Workload labelled = workloads.create(admin, slug, onGpuNodes);
    Workload unplaced = workloads.create(admin, slug, nowhere);

    assertThat(labelled.tasks()).extracting(Task::nodeId).containsOnly("sim/sim-00003");
    assertThat(unplaced.state()).isEqualTo("PENDING");
    assertThat(unplaced.reason()).isEqualTo("no node in pool sim with labels {zone=mars} is ready");
    workloads.delete(admin, slug, labelled.id());
    workloads.delete(admin, slug, unplaced.id());
  }

  @Test
  void aJobRunsFinishesAndGivesEverythingBack() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Resources before = allocated();
    WorkloadSpec job = WorkloadSpecs.job("batch").cpu(2000).memory(1024).instances(2).runs(1).on("sim");

    Workload created = workloads.create(admin, slug, job);
    assertThat(created.tasks()).extracting(Task::state).containsOnly(TaskState.STAGING);
    assertThat(allocated().minus(before)).isEqualTo(new Resources(4000, 2048, 0));

    reconciler.round(); // launched
    reconciler.round(); // running
    assertThat(workloads.get(admin, slug, created.id()).state()).isEqualTo("RUNNING");
    await(() -> {
      reconciler.round();
      return workloads.get(admin, slug, created.id()).state().equals("FINISHED");
    });

    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(0, 0, 0, 1));
    assertThat(allocated()).isEqualTo(before);
  }

  @Test
  void scalingAndDeletingKillTasksAndReleaseTheirHolds() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Resources before = allocated();
    Workload web = workloads.create(admin, slug, service("web", 500, 256, 0, 2));
    reconciler.round();
    reconciler.round();

    Workload scaled = workloads.scale(admin, slug, web.id(), 1);
    assertThat(scaled.tasks()).extracting(Task::state).containsExactlyInAnyOrder(TaskState.RUNNING, TaskState.KILLED);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(500, 256, 0, 1));

    workloads.delete(admin, slug, web.id());
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
    assertThat(allocated()).isEqualTo(before);
    assertThat(workloads.list(admin, slug, PageRequest.first(50)).items()).isEmpty();
  }

  private Resources allocated() {
    return fleet.nodes("sim").stream().map(Node::allocated).reduce(Resources.NONE, Resources::plus);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within 10 s");
  }
}
