package dev.atrium.cluster.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.quota.Quota;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AdmissionQueueTest extends ClusterTestBase {

  @Autowired AdmissionQueue queue;

  /** Each caller on a thread of its own: they block until answered. */
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void admissionsWaitingTogetherCommitAsOneAndARefusedOneFailsNoneOfItsNeighbours() throws Exception {
    String a = uniqueSlug();
    Actor aAdmin = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bAdmin = newTenant(b, new Quota(100, 100_000, 0, 10));

    // Every worker busy, each until its own latch opens; one at a time, so that no two share a batch.
    List<CountDownLatch> holds = new ArrayList<>();
    List<CompletableFuture<Object>> blockers = new ArrayList<>();
    for (int i = 0; i < queue.workers(); i++) {
      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch busy = new CountDownLatch(1);
      holds.add(hold);
      blockers.add(CompletableFuture.supplyAsync(() -> queue.admit("blocker", () -> {
        busy.countDown();
        return await(hold);
      }), callers));
      assertThat(busy.await(20, TimeUnit.SECONDS)).isTrue();
    }

    CompletableFuture<Workload> first = CompletableFuture.supplyAsync(() -> workloads.create(aAdmin, a, WorkloadSpecs.service("first").cpu(100).memory(64).on("sim")), callers);
    CompletableFuture<Workload> refused = CompletableFuture.supplyAsync(() -> workloads.create(bAdmin, b, WorkloadSpecs.service("too-big").cpu(1000).memory(64).on("sim")), callers);
    CompletableFuture<Workload> last = CompletableFuture.supplyAsync(() -> workloads.create(aAdmin, a, WorkloadSpecs.service("last").cpu(100).memory(64).on("sim")), callers);
    for (int i = 0; i < 2_000 && queue.waiting() < 3; i++) {
      Thread.onSpinWait();
      Thread.sleep(1); // polling for a state, not timing: the assertion below says what was reached
    }
    assertThat(queue.waiting()).isEqualTo(3);

    holds.get(0).countDown(); // one worker frees up and takes all three as one batch
    Workload one = first.get(20, TimeUnit.SECONDS);
    Workload three = last.get(20, TimeUnit.SECONDS);
    assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(QuotaExceededException.class);
    holds.forEach(CountDownLatch::countDown);
    CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    // now() is the transaction's start: the same for both only in one transaction.
    assertThat(one.createdAt()).as("committed in one transaction").isEqualTo(three.createdAt());
    assertThat(workloads.get(aAdmin, a, three.id()).createdAt()).isEqualTo(one.createdAt());
    assertThat(one.tasks()).singleElement().satisfies(t -> assertThat(t.nodeId()).isNotNull());
    assertThat(quotas.get(ADMIN, b).usage()).as("the refused admission charged nothing").isEqualTo(Quota.NONE);
    assertThat(quotas.get(ADMIN, a).usage()).isEqualTo(new Quota(200, 128, 0, 2));
    workloads.delete(aAdmin, a, one.id());
    workloads.delete(aAdmin, a, three.id());
  }

  private static Object await(CountDownLatch hold) {
    try {
      hold.await(30, TimeUnit.SECONDS);
      return null;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
