package dev.atrium.cluster.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.schedule.CronSchedule;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cron checker, after Jepsen's for Chronos: schedules are driven through the nights on which
 * Europe/Berlin leaves and enters summer time while the leader is stopped and started at random
 * (sometimes between recording a run and launching its tasks) and a second replica competes to
 * record the same runs. Afterwards every scheduled instant must have exactly one run, started within
 * its deadline or recorded MISSED or SKIPPED with a reason, and no run more tasks than its instances.
 */
class CronCheckerTest extends ClusterTestBase {

  private static final int DEADLINE = 120;
  private static final int INSTANCES = 2;

  @Autowired CronRuns runs;
  @Autowired TestClock clock;
  @Autowired TransactionTemplate transaction;
  @Autowired RowScope scope;

  private final List<Runnable> cleanUp = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();

  @AfterEach
  void stopThem() {
    cleanUp.forEach(Runnable::run);
    clock.reset();
  }

  @Test
  void everyScheduledInstantHasExactlyOneRunWhateverTheLeaderDoesAcrossBothChangesOfSummerTime() throws Exception {
    // The night of 25 October 2026 (02:00–03:00 Berlin time happens twice), then of 28 March 2027 (it never happens).
    check(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T03:00:00Z"), new Random(20261025));
    check(Instant.parse("2027-03-27T23:00:00Z"), Instant.parse("2027-03-28T03:00:00Z"), new Random(20270328));
    System.out.println("cron checker: " + counts);
    assertThat(counted("scheduled")).isEqualTo(counted("started") + counted("missed") + counted("skipped"));
    assertThat(counted("missed")).as("the leader was down long enough for some").isPositive();
  }

  private void check(Instant from, Instant to, Random random) throws Exception {
    clock.set(from);
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(1_000_000, 1_000_000, 0, 10));
    List<Workload> checked = List.of(
        create(alice, slug, WorkloadSpecs.cron("every-minute", "*/1 * * * *").deadline(DEADLINE).instances(INSTANCES).runs(20).on("sim")),
        create(alice, slug, WorkloadSpecs.cron("berlin-quarters", "*/15 * * * *").zone("Europe/Berlin").deadline(DEADLINE).instances(INSTANCES).runs(20).on("sim")),
        create(alice, slug, WorkloadSpecs.cron("berlin-nightly", "30 2 * * *").zone("Europe/Berlin").deadline(DEADLINE).instances(INSTANCES).runs(20).on("sim")));
    ExecutorService replica = Executors.newSingleThreadExecutor();
    try {
      while (clock.instant().isBefore(to)) {
        if (random.nextInt(10) == 0) {
          clock.advance(Duration.ofSeconds(60 + random.nextInt(420))); // the leader is down for one to eight minutes
          continue;
        }
        clock.advance(Duration.ofSeconds(5 + random.nextInt(40)));
        if (random.nextInt(8) == 0) {
          // The leader records runs and stops before it launches them; the next round launches them.
          recordRuns(checked);
          continue;
        }
        // A second replica records runs while the leader does a whole round.
        Future<?> competing = replica.submit(() -> recordRuns(checked));
        reconciler.round();
        competing.get();
      }
      clock.advance(Duration.ofMinutes(1)); // let the last runs end
      reconciler.round();
      reconciler.round();
    } finally {
      replica.shutdown();
    }
    for (Workload w : checked) {
      verify(alice, slug, w, from, clock.instant()); // every instant due by the last round
      workloads.delete(alice, slug, w.id()); // before the clock moves on to the next night
    }
  }

  /** What a leader's cron step does, by itself, in the transactions it uses. */
  private void recordRuns(List<Workload> checked) {
    for (Workload w : checked) {
      transaction.executeWithoutResult(status -> {
        scope.platform(ADMIN, "test: a replica records cron runs");
        runs.catchUp(w.id());
      });
    }
  }

  private void verify(Actor alice, String slug, Workload w, Instant from, Instant to) {
    CronSchedule schedule = CronSchedule.of(w.spec().cron().schedule(), w.spec().cron().timeZone());
    List<CronRun> all = runs.list(alice, slug, w.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items();
    Map<Instant, List<CronRun>> byInstant = new TreeMap<>();
    all.forEach(r -> byInstant.computeIfAbsent(r.scheduledAt(), t -> new ArrayList<>()).add(r));
    Set<UUID> tasksSeen = new HashSet<>();
    for (Instant t = schedule.nextAfter(from).orElseThrow(); !t.isAfter(to); t = schedule.nextAfter(t).orElseThrow()) {
      count("scheduled");
      List<CronRun> of = byInstant.remove(t);
      assertThat(of).as(w.spec().name() + " at " + t).isNotNull().hasSize(1);
      CronRun run = of.get(0);
      switch (run.state()) {
        case MISSED, SKIPPED -> {
          count(run.state() == RunState.MISSED ? "missed" : "skipped");
          assertThat(run.reason()).as("why " + t + " did not run").isNotBlank();
          assertThat(run.taskIds()).isEmpty();
        }
        default -> {
          count("started");
          assertThat(run.startedAt()).as("start of " + t).isBetween(t, t.plusSeconds(DEADLINE));
          assertThat(run.taskIds()).as("tasks of " + t).hasSize(INSTANCES);
          List<Task> tasks = run.taskIds().stream().map(id -> workloads.task(alice, slug, w.id(), id)).toList();
          assertThat(tasks).extracting(Task::instance).containsExactlyInAnyOrder(0, 1);
          run.taskIds().forEach(id -> assertThat(tasksSeen.add(id)).as("task " + id + " in one run").isTrue());
        }
      }
    }
    assertThat(byInstant).as(w.spec().name() + ": runs at no scheduled instant").isEmpty();
    if (w.spec().name().equals("berlin-nightly")) {
      // Once a night, at 02:30's first occurrence in October and at 03:00 summer time in March.
      assertThat(all).extracting(CronRun::scheduledAt).containsAnyOf(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2027-03-28T01:00:00Z")).hasSize(1);
    }
  }

  private void count(String what) {
    counts.merge(what, 1, Integer::sum);
  }

  private int counted(String what) {
    return counts.getOrDefault(what, 0);
  }

  private Workload create(Actor actor, String slug, dev.atrium.cluster.workload.WorkloadSpec spec) {
    Workload w = workloads.create(actor, slug, spec);
    cleanUp.add(() -> {
      if (workloads.list(actor, slug, PageRequest.first(PageRequest.MAX_LIMIT)).items().stream().anyMatch(l -> l.id().equals(w.id()))) {
        workloads.delete(actor, slug, w.id());
      }
    });
    return w;
  }
}
