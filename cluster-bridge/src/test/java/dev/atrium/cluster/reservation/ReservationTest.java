package dev.atrium.cluster.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Advance reservations on the pool {@code booking} (2 nodes of 4 cores and 16 GiB, used by no other test), with the clock
 * driven by the test. Every reservation a test books is cancelled after it, so that the pool's
 * capacity is whole again for the other tests.
 */
class ReservationTest extends ClusterTestBase {

  @Autowired ReservationService reservations;
  @Autowired TestClock clock;
  @Autowired Fleet fleet;
  @Autowired dev.atrium.cluster.pool.NodeService nodes;
  @Autowired org.springframework.transaction.support.TransactionTemplate transaction;
  @Autowired dev.atrium.tenancy.access.RowScope scope;
  @Autowired org.jooq.DSLContext db;

  /** 09:00 UTC of a day ahead of the real one. */
  Instant nine;
  final List<Runnable> cleanUp = new ArrayList<>();

  @BeforeEach
  void nineOClock() {
    nine = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).plus(Duration.ofHours(9));
    clock.set(nine);
  }

  @AfterEach
  void giveBack() {
    cleanUp.forEach(Runnable::run);
    clock.reset();
  }

  @Test
  void aBookingGetsASlotPerInstanceAndKeepsTheirCapacityFromThenOn() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));

    Reservation r = book(alice, slug, "close", 2, 3000, at(10), at(12));

    assertThat(r.state()).isEqualTo(ReservationState.BOOKED);
    assertThat(r.slots()).hasSize(2).extracting(Reservation.Slot::nodeId).doesNotHaveDuplicates();
    assertThat(bookingNodes()).as("what placement may still take").allSatisfy(n -> assertThat(n.free().cpuMillis()).isEqualTo(1000));
    assertThat(reservations.get(alice, slug, r.id()).slots()).isEqualTo(r.slots());
  }

  @Test
  void theTenantsQuotaIsCheckedAtEveryInstantOfTheWindowNamingTheFirstOneExceeded() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(4000, 100_000, 0, 10));
    book(alice, slug, "morning", 1, 3000, at(10), at(11));
    book(alice, slug, "noon", 1, 3000, at(11), at(12)); // back to back: never more than 3000 at once

    assertThatThrownBy(() -> book(alice, slug, "overlap", 1, 2000, at(9, 30), at(11, 30)))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.resource()).isEqualTo("cpuMillis");
          assertThat(e.available()).isEqualTo(1000);
          assertThat(e.at()).isEqualTo(at(10));
        });
    assertThat(reservations.list(alice, slug, dev.atrium.tenancy.page.PageRequest.first(50)).items()).hasSize(2);
  }

  @Test
  void aFullPoolAnswersWhyAndTheEarliestStartAtWhichTheSameDurationFits() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));
    book(alice, a, "all-of-it", 2, 4000, at(10), at(12));

    assertThatThrownBy(() -> book(bob, b, "too-late", 1, 1000, at(11), at(13)))
        .isInstanceOfSatisfying(CapacityUnavailableException.class, e -> {
          assertThat(e.earliestStart()).isEqualTo(at(12));
          assertThat(e.getMessage()).contains("room for 0 of the 1 instances").contains("fits from " + at(12));
        });
    Reservation later = book(bob, b, "later", 1, 1000, at(12), at(14));
    assertThat(later.state()).isEqualTo(ReservationState.BOOKED);
  }

  @Test
  void aWindowThatBeganSecondsAgoCountsTheWorkOnTheNodesToo() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));
    Workload full = workloads.create(bob, b, WorkloadSpecs.service("full").cpu(4000).memory(64).instances(2).on("booking"));
    cleanUp.add(() -> workloads.delete(bob, b, full.id()));
    assertThat(full.tasks()).noneMatch(t -> t.state() == TaskState.PENDING);

    assertThatThrownBy(() -> book(alice, a, "just-now", 1, 1000, nine.minusSeconds(30), at(10)))
        .isInstanceOf(CapacityUnavailableException.class);
  }

  @Test
  void thirtyTwoConcurrentBookingsForTheLastSlotBookItOnce() throws Exception {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(1_000_000, 1_000_000, 0, 10));
    book(alice, slug, "most", 1, 4000, at(10), at(12)); // one node's worth; one node left
    List<String> tenantsOf = new ArrayList<>();
    List<Actor> admins = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String s = uniqueSlug();
      tenantsOf.add(s);
      admins.add(newTenant(s, new Quota(100_000, 100_000, 0, 10)));
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      int n = i;
      results.add(pool.submit(() -> {
        go.await();
        try {
          book(admins.get(n), tenantsOf.get(n), "last", 1, 4000, at(10), at(12));
          return true;
        } catch (CapacityUnavailableException e) {
          return false;
        }
      }));
    }
    go.countDown();
    int booked = 0;
    for (Future<Boolean> result : results) {
      booked += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(booked).isEqualTo(1);
  }

  /**
   * A release (a task ending) locks its nodes, then its tenant's quota row. A booking of the same
   * tenant must wait for the nodes without holding the quota row, or the two would deadlock (and
   * PostgreSQL would abort one). The release here holds the nodes until the booking is seen waiting
   * for them, then takes the quota row: both must commit.
   */
  @Test
  void aBookingWaitingForNodesAReleaseHoldsDoesNotHoldItsTenantsQuotaMeanwhile() throws Exception {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    java.util.UUID tenantId = tenants.get(alice, slug).tenant().id();
    CountDownLatch nodesLocked = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<Integer> release = threads.submit(() -> transaction.execute(status -> {
      scope.platform(ADMIN, "test: a release's locks");
      int releasePid = db.fetchSingle("select pg_backend_pid()").get(0, Integer.class);
      db.fetch("select id from node where pool = 'booking' order by id collate \"C\" for update");
      nodesLocked.countDown();
      // Until the booking is blocked by this transaction: then, and only then, the quota row.
      while (db.fetchSingle("select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))", releasePid).get(0, Integer.class) == 0) {
        Thread.onSpinWait();
      }
      return db.fetch("select 1 from tenant_quota where tenant_id = ? for update", tenantId).size();
    }));
    nodesLocked.await();
    Future<Reservation> booking = threads.submit(() -> book(alice, slug, "meanwhile", 1, 1000, at(10), at(11)));

    assertThat(release.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(booking.get(30, java.util.concurrent.TimeUnit.SECONDS).state()).isEqualTo(ReservationState.BOOKED);
    threads.shutdown();
  }

  @Test
  void placementNeverTakesBookedCapacityAndAtItsStartTheReservationHoldsTheQuota() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));
    Reservation r = book(alice, a, "launch-day", 2, 1000, at(10), at(12));

    // 09:00: another tenant floods the pool with services; what is booked stays free.
    Workload flood = workloads.create(bob, b, WorkloadSpecs.service("flood").cpu(1000).memory(64).instances(8).on("booking"));
    cleanUp.add(() -> workloads.delete(bob, b, flood.id()));
    assertThat(flood.tasks()).filteredOn(t -> t.state() == TaskState.PENDING).hasSize(2);
    assertThat(bookingNodes().stream().map(Node::allocated).reduce(Resources.NONE, Resources::plus).cpuMillis()).isEqualTo(6000);

    clock.set(at(10));
    reconciler.round();
    assertThat(reservations.get(alice, a, r.id()).state()).isEqualTo(ReservationState.ACTIVE);
    assertThat(quotas.get(ADMIN, a).usage().cpuMillis()).isEqualTo(2000);
    assertThat(reservedInterval(r)).as("metered from its start, used or not").isEqualTo("open 2000");
    assertThat(workloads.get(bob, b, flood.id()).tasks()).filteredOn(t -> t.state() == TaskState.PENDING).hasSize(2);

    // 10:00: every instance launched into the reservation is placed at once, in its slots.
    Workload inside = workloads.create(alice, a, WorkloadSpecs.service("inside").cpu(1000).memory(64).instances(2).in(r.id()).on("booking"));
    assertThat(inside.tasks()).hasSize(2).allMatch(t -> t.state() != TaskState.PENDING);
    assertThat(inside.tasks()).extracting(t -> t.nodeId()).containsExactlyInAnyOrderElementsOf(r.slots().stream().map(Reservation.Slot::nodeId).toList());
    assertThat(quotas.get(ADMIN, a).usage().cpuMillis()).as("drawn from the reservation, not the quota").isEqualTo(2000);
    assertThatThrownBy(() -> workloads.scale(alice, a, inside.id(), 3))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("has 2 slots, 2 in use");

    clock.set(at(11, 49));
    reconciler.round();
    assertThat(reservations.get(alice, a, r.id()).reason()).isNull();
    clock.set(at(11, 50));
    reconciler.round();
    assertThat(reservations.get(alice, a, r.id()).reason())
        .as("warned ten minutes ahead")
        .isEqualTo("ends at " + at(12) + ": tasks still running in it are stopped then");

    clock.set(at(12));
    reconciler.round();
    Reservation ended = reservations.get(alice, a, r.id());
    assertThat(ended.state()).isEqualTo(ReservationState.ENDED);
    assertThat(ended.slots()).isEmpty();
    assertThat(quotas.get(ADMIN, a).usage().cpuMillis()).isZero();
    assertThat(reservedInterval(r)).isEqualTo("ended 2000");
    assertThat(workloads.get(alice, a, inside.id()).tasks())
        .allSatisfy(t -> {
          assertThat(t.state()).isEqualTo(TaskState.KILLED);
          assertThat(t.reason()).startsWith("its reservation is over");
        });
    reconciler.round();
    assertThat(workloads.get(bob, b, flood.id()).tasks()).noneMatch(t -> t.state() == TaskState.PENDING);
    assertThatThrownBy(() -> reservations.cancel(alice, a, r.id())).isInstanceOf(ConflictException.class);
  }

  @Test
  void aWorkloadNamesOnlyAnActiveReservationOfItsOwnTenantInItsPoolAndWithinItsSlots() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));
    Reservation r = book(alice, a, "later", 1, 1000, at(10), at(12));

    assertThatThrownBy(() -> workloads.create(alice, a, WorkloadSpecs.service("early").cpu(500).in(r.id()).on("booking")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("BOOKED until " + at(10));
    assertThatThrownBy(() -> workloads.create(bob, b, WorkloadSpecs.service("theirs").cpu(500).in(r.id()).on("booking")))
        .isInstanceOf(dev.atrium.tenancy.access.NotFoundException.class);
    clock.set(at(10));
    reconciler.round();
    assertThatThrownBy(() -> workloads.create(alice, a, WorkloadSpecs.service("big").cpu(2000).in(r.id()).on("booking")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("resources"));
    assertThatThrownBy(() -> workloads.create(alice, a, WorkloadSpecs.service("elsewhere").cpu(500).in(r.id()).on("small")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("pool"));
    assertThat(workloads.list(alice, a, dev.atrium.tenancy.page.PageRequest.first(50)).items()).isEmpty();
    assertThat(quotas.get(ADMIN, a).usage().workloads()).isZero();
  }

  @Test
  void aJobThatEndsBeforeTheBookingRunsInItsCapacityAndOneThatWouldNotWaitsSayingWhy() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));
    book(alice, a, "all-of-it", 2, 4000, at(10), at(12));

    Workload quick = workloads.create(bob, b, WorkloadSpecs.job("quick").cpu(1000).memory(64).runs(1800).on("booking"));
    cleanUp.add(() -> workloads.delete(bob, b, quick.id()));
    Workload slow = workloads.create(bob, b, WorkloadSpecs.job("slow").cpu(1000).memory(64).runs(7200).on("booking"));
    cleanUp.add(() -> workloads.delete(bob, b, slow.id()));
    Workload service = workloads.create(bob, b, WorkloadSpecs.service("web").cpu(1000).memory(64).on("booking"));
    cleanUp.add(() -> workloads.delete(bob, b, service.id()));

    assertThat(quick.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isNotEqualTo(TaskState.PENDING));
    for (Workload waiting : List.of(slow, service)) {
      assertThat(waiting.tasks()).singleElement().satisfies(t -> {
        assertThat(t.state()).isEqualTo(TaskState.PENDING);
        assertThat(t.reason()).contains("booked by a reservation from " + at(10));
      });
    }
  }

  @Test
  void aTaskInAReservationIsNotPlacedAgainOnItsSlotsNodeWhileThatNodeIsDownNorAfterTheReservationIsOver() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    Reservation r = book(alice, a, "fragile", 1, 1000, at(9), at(12));
    reconciler.round();
    Workload web = workloads.create(alice, a, WorkloadSpecs.service("web").cpu(1000).memory(64).instances(1).in(r.id()).on("booking"));
    String node = web.tasks().get(0).nodeId();
    nodes.changeState(ADMIN, "booking", node.substring(node.indexOf('/') + 1), "DOWN");
    try {
      reconciler.round(); // the task is LOST and replaced, after a backoff
      clock.set(at(9, 30));
      reconciler.round();
      assertThat(workloads.get(alice, a, web.id()).tasks())
          .as("placed on the down node again, it would be lost again")
          .filteredOn(t -> t.state() == TaskState.LOST)
          .hasSize(1);
      List<dev.atrium.cluster.workload.Task> live = workloads.get(alice, a, web.id()).tasks().stream().filter(t -> !t.state().ended()).toList();
      assertThat(live).singleElement().satisfies(t -> {
        assertThat(t.state()).as("its replacement waits: the slot's node is down").isEqualTo(TaskState.PENDING);
        assertThat(t.nodeId()).isNull();
      });

      // The reservation ends while the replacement waits: the replacement has nowhere to go and is stopped.
      clock.set(at(12));
      reconciler.round();
      assertThat(workloads.get(alice, a, web.id()).tasks()).allMatch(t -> t.state().ended());
    } finally {
      nodes.changeState(ADMIN, "booking", node.substring(node.indexOf('/') + 1), "READY");
    }
  }

  @Test
  void availabilityOffersTheWindowsThatFitTheQuotaAndThePool() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(2000, 100_000, 0, 10));
    book(alice, a, "all-of-it", 2, 4000, at(10), at(12));
    book(bob, b, "own", 1, 2000, at(12), at(13)); // bob's whole quota from 12:00 to 13:00

    List<Instant> starts =
        reservations.availability(bob, b, "booking", Map.of(), new Resources(1000, 64, 0), 1, Duration.ofHours(2), at(9), at(18));

    assertThat(starts).containsExactly(at(13)); // 09:00 runs into alice's booking, 12:00 into bob's own quota
  }

  @Test
  void aDryRunSaysWhereItWouldGoOrWhyNotAndFromWhenAndWritesNothing() {
    String a = uniqueSlug();
    Actor alice = newTenant(a, new Quota(100_000, 100_000, 0, 10));
    String b = uniqueSlug();
    Actor bob = newTenant(b, new Quota(100_000, 100_000, 0, 10));

    DryRun fits = workloads.dryRun(bob, b, WorkloadSpecs.service("web").cpu(1000).memory(64).instances(2).on("booking"));
    assertThat(fits.fits()).isTrue();
    assertThat(fits.placements()).hasSize(2);

    book(alice, a, "all-of-it", 2, 4000, at(10), at(12));
    DryRun later = workloads.dryRun(bob, b, WorkloadSpecs.service("web").cpu(1000).memory(64).instances(2).on("booking"));
    assertThat(later.fits()).isFalse();
    assertThat(later.earliestStart()).as("a service runs until stopped: from the booking's end").isEqualTo(at(12));
    assertThat(later.reason()).contains("0 of 2 instances fit now");

    DryRun overQuota = workloads.dryRun(bob, b, WorkloadSpecs.service("huge").cpu(200_000).memory(64).instances(1).on("booking"));
    assertThat(overQuota.fits()).isFalse();
    assertThat(overQuota.reason()).contains("cpuMillis left");
    assertThat(workloads.list(bob, b, dev.atrium.tenancy.page.PageRequest.first(50)).items()).isEmpty();
    assertThat(quotas.get(ADMIN, b).usage().workloads()).isZero();
  }

  @Test
  void badBookingsAreRefusedNamingTheFieldAndWriteNothing() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    assertThat(fieldsOf(alice, slug, new NewReservation("ok", "booking", new Resources(1000, 64, 0), 1, at(12), at(11), Map.of()))).containsExactly("end");
    assertThat(fieldsOf(alice, slug, new NewReservation("ok", "booking", new Resources(1000, 64, 0), 1, at(8), at(10), Map.of()))).containsExactly("start");
    assertThat(fieldsOf(alice, slug, new NewReservation("ok", "booking", new Resources(1000, 64, 0), 1, at(10), at(10).plus(Duration.ofDays(91)), Map.of()))).containsExactly("end");
    assertThat(fieldsOf(alice, slug, new NewReservation("ok", "booking", new Resources(1000, 64, 0), 1, at(10).plus(Duration.ofDays(366)), at(11).plus(Duration.ofDays(366)), Map.of()))).containsExactly("start");
    assertThat(fieldsOf(alice, slug, new NewReservation("ok", "mars", new Resources(0, 64, 0), 1001, at(10), at(11), Map.of())))
        .containsExactlyInAnyOrder("pool", "resources.cpuMillis", "instances");
    assertThat(reservations.list(alice, slug, dev.atrium.tenancy.page.PageRequest.first(50)).items()).isEmpty();
  }

  private List<String> fieldsOf(Actor actor, String slug, NewReservation r) {
    try {
      reservations.book(actor, slug, r);
      return List.of();
    } catch (ValidationException e) {
      return e.errors().stream().map(ValidationException.FieldError::field).toList();
    }
  }

  private Reservation book(Actor actor, String slug, String name, int instances, long cpuMillis, Instant start, Instant end) {
    Reservation r = reservations.book(actor, slug, new NewReservation(name, "booking", new Resources(cpuMillis, 64, 0), instances, start, end, Map.of()));
    cleanUp.add(() -> {
      if (!reservations.get(actor, slug, r.id()).state().over()) {
        reservations.cancel(actor, slug, r.id());
      }
    });
    return r;
  }

  /** The reservation's metered interval: open or ended, and the mCPU it meters. */
  private String reservedInterval(Reservation r) {
    return transaction.execute(status -> {
      scope.platform(ADMIN, "test: read metering");
      return db.fetchSingle(
              "select case when ended_at is null then 'open' else 'ended' end || ' ' || cpu_millis from metered_interval where ref = ? and meter = 'reserved'",
              r.id())
          .get(0, String.class);
    });
  }

  private List<Node> bookingNodes() {
    return fleet.nodes("booking");
  }

  private Instant at(int hour) {
    return at(hour, 0);
  }

  private Instant at(int hour, int minute) {
    return nine.minus(Duration.ofHours(9)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }
}
