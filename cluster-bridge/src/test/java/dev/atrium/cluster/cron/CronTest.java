package dev.atrium.cluster.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.workload.ConcurrencyPolicy;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * CRON workloads on the simulated pool, the clock driven by the test and the reconciler round by
 * round, as the leader runs it. Every workload a test makes is deleted after it, so that no other
 * test's clock makes it catch up.
 */
class CronTest extends ClusterTestBase {

  @Autowired CronRuns runs;
  @Autowired TestClock clock;

  Instant nine;
  final List<Runnable> cleanUp = new ArrayList<>();

  @BeforeEach
  void nineOClock() {
    nine = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(9));
    clock.set(nine);
  }

  @AfterEach
  void stopThem() {
    cleanUp.forEach(Runnable::run);
    clock.reset();
  }

  @Test
  void eachScheduledMinuteGetsOneRunWhoseTasksRunAndSucceed() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = create(alice, slug, WorkloadSpecs.cron("every-minute", "*/1 * * * *").instances(2).runs(30).on("sim"));
    assertThat(w.state()).isEqualTo("SCHEDULED");
    assertThat(w.tasks()).isEmpty();
    assertThat(w.nextRuns()).extracting(ZonedDateTime::toInstant).startsWith(at(9, 1), at(9, 2)).hasSize(5);

    at(9, 0, 30);
    assertThat(runsOf(alice, slug, w)).isEmpty();
    at(9, 1, 0);
    List<CronRun> started = runsOf(alice, slug, w);
    assertThat(started).singleElement().satisfies(run -> {
      assertThat(run.scheduledAt()).isEqualTo(at(9, 1));
      assertThat(run.state()).isEqualTo(RunState.RUNNING);
      assertThat(run.startedAt()).isEqualTo(at(9, 1));
      assertThat(run.taskIds()).hasSize(2);
    });
    assertThat(quotas.get(alice, slug).usage().cpuMillis()).isEqualTo(200);

    at(9, 1, 40); // the tasks ran their 30 seconds
    assertThat(runsOf(alice, slug, w)).singleElement().satisfies(run -> assertThat(run.state()).isEqualTo(RunState.SUCCEEDED));
    assertThat(quotas.get(alice, slug).usage().cpuMillis()).isZero();
    assertThat(workloads.get(alice, slug, w.id()).tasks()).hasSize(2).allMatch(t -> t.state() == TaskState.FINISHED);
  }

  @Test
  void aLeaderThatWasDownStartsWhatIsStillWithinItsDeadlineAndRecordsTheRestMissed() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = create(alice, slug, WorkloadSpecs.cron("catching-up", "*/1 * * * *").deadline(120).runs(600).on("sim"));

    at(9, 10, 30); // no round since 09:00

    List<CronRun> all = runsOf(alice, slug, w);
    assertThat(all).extracting(CronRun::scheduledAt).containsExactlyElementsOf(minutes(9, 1, 10));
    assertThat(all.subList(0, 8)).allSatisfy(run -> {
      assertThat(run.state()).isEqualTo(RunState.MISSED);
      assertThat(run.taskIds()).isEmpty();
    });
    assertThat(all.get(0).reason()).isEqualTo("Atrium was not running at 09:01 on " + nine.atZone(java.time.ZoneOffset.UTC).getDayOfMonth() + " "
        + java.time.format.DateTimeFormatter.ofPattern("MMM yyyy").format(nine.atZone(java.time.ZoneOffset.UTC)) + " (UTC)");
    assertThat(all.subList(8, 10)).allSatisfy(run -> {
      assertThat(run.state()).isEqualTo(RunState.RUNNING); // 09:09 and 09:10 are within their two minutes
      assertThat(run.startedAt()).isEqualTo(at(9, 10).plusSeconds(30));
    });
  }

  @Test
  void forbidSkipsARunWhileTheLastRunsAndReplaceStopsTheLastForIt() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload forbid = create(alice, slug, WorkloadSpecs.cron("forbid", "*/1 * * * *").policy(ConcurrencyPolicy.FORBID).runs(150).on("sim"));
    Workload replace = create(alice, slug, WorkloadSpecs.cron("replace", "*/1 * * * *").policy(ConcurrencyPolicy.REPLACE).runs(150).on("sim"));

    at(9, 1, 0);
    at(9, 2, 0);

    assertThat(runsOf(alice, slug, forbid)).extracting(CronRun::state).containsExactly(RunState.RUNNING, RunState.SKIPPED);
    assertThat(runsOf(alice, slug, forbid).get(1).reason()).isEqualTo("the run of " + at(9, 1) + " was still running");
    List<CronRun> replaced = runsOf(alice, slug, replace);
    assertThat(replaced).extracting(CronRun::state).containsExactly(RunState.REPLACED, RunState.RUNNING);
    assertThat(workloads.task(alice, slug, replace.id(), replaced.get(0).taskIds().get(0)).state()).isEqualTo(TaskState.KILLED);

    at(9, 3, 40); // forbid's first run ended at 09:03:30: the run of 09:03 was skipped, not started late
    assertThat(runsOf(alice, slug, forbid)).extracting(CronRun::state).containsExactly(RunState.SUCCEEDED, RunState.SKIPPED, RunState.SKIPPED);
    at(9, 4, 0);
    assertThat(runsOf(alice, slug, forbid)).extracting(CronRun::state).endsWith(RunState.SKIPPED, RunState.RUNNING);
  }

  @Test
  void aRunTheQuotaHasNoRoomForWaitsUntilItsDeadlineAndIsThenMissedSayingWhy() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(1000, 100_000, 0, 10));
    Workload blocker = workloads.create(alice, slug, WorkloadSpecs.service("blocker").cpu(1000).on("sim"));
    Workload w = create(alice, slug, WorkloadSpecs.cron("squeezed", "*/1 * * * *").cpu(500).runs(600).on("sim"));

    at(9, 1, 0);
    assertThat(runsOf(alice, slug, w)).isEmpty();
    assertThat(workloads.get(alice, slug, w.id()).reason()).contains("cpuMillis");
    at(9, 6, 1); // 09:01's deadline (five minutes) has passed

    List<CronRun> all = runsOf(alice, slug, w);
    assertThat(all).first().satisfies(run -> {
      assertThat(run.scheduledAt()).isEqualTo(at(9, 1));
      assertThat(run.state()).isEqualTo(RunState.MISSED);
      assertThat(run.reason()).contains("cpuMillis");
    });
    workloads.delete(alice, slug, blocker.id());
    at(9, 6, 2);
    assertThat(runsOf(alice, slug, w)).extracting(CronRun::scheduledAt, CronRun::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(at(9, 1), RunState.MISSED),
            org.assertj.core.groups.Tuple.tuple(at(9, 2), RunState.RUNNING),
            org.assertj.core.groups.Tuple.tuple(at(9, 3), RunState.RUNNING)); // 09:04 waits: the quota is full again

    // Suspended while 09:04 waits: that instant is recorded, not dropped.
    runs.change(alice, slug, w.id(), null, true);
    assertThat(runsOf(alice, slug, w)).last().satisfies(run -> {
      assertThat(run.scheduledAt()).isEqualTo(at(9, 4));
      assertThat(run.state()).isEqualTo(RunState.SKIPPED);
      assertThat(run.reason()).startsWith("the workload was suspended while its run waited").contains("cpuMillis");
    });
  }

  @Test
  void aRunByHandSuspendingResumingAndScalingTheRunsToCome() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = create(alice, slug, WorkloadSpecs.cron("nightly", "30 2 * * *").zone("Europe/Berlin").policy(ConcurrencyPolicy.FORBID).runs(60).on("sim"));

    CronRun now = runs.runNow(alice, slug, w.id());
    assertThat(now.manual()).isTrue();
    assertThat(now.state()).isEqualTo(RunState.RUNNING);
    assertThat(now.taskIds()).hasSize(1);
    assertThatThrownBy(() -> runs.runNow(alice, slug, w.id())).isInstanceOf(ConflictException.class).hasMessageContaining("FORBID");

    Workload suspended = runs.change(alice, slug, w.id(), null, true);
    assertThat(suspended.state()).isIn("STAGING", "RUNNING"); // its run by hand goes on
    assertThat(suspended.nextRuns()).isEmpty();
    at(9, 2, 0); // launched now, for its minute
    at(9, 3, 30);
    assertThat(workloads.get(alice, slug, w.id()).state()).isEqualTo("SUSPENDED");
    clock.set(nine.plus(Duration.ofDays(2)));
    reconciler.round();
    assertThat(runsOf(alice, slug, w)).hasSize(1); // nothing came due while suspended

    Workload resumed = runs.change(alice, slug, w.id(), 3, false);
    assertThat(resumed.state()).isEqualTo("SCHEDULED");
    assertThat(resumed.nextRuns().get(0).toInstant()).isAfter(clock.instant());
    clock.set(resumed.nextRuns().get(0).toInstant());
    reconciler.round();
    assertThat(runsOf(alice, slug, w).get(1).taskIds()).hasSize(3);
  }

  @Test
  void aRunByHandOfASuspendedTenantIsRefusedBeforeItReplacesTheRunningOne() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = create(alice, slug, WorkloadSpecs.cron("replacing", "*/1 * * * *").policy(ConcurrencyPolicy.REPLACE).runs(600).on("sim"));
    at(9, 1, 0);
    tenants.update(ADMIN, slug, new dev.atrium.tenancy.tenant.TenantChange(null, dev.atrium.tenancy.tenant.TenantState.SUSPENDED));

    assertThatThrownBy(() -> runs.runNow(alice, slug, w.id())).isInstanceOf(dev.atrium.tenancy.access.TenantSuspendedException.class);
    assertThat(runsOf(alice, slug, w)).singleElement().satisfies(run -> assertThat(run.state()).isEqualTo(RunState.RUNNING));
    tenants.update(ADMIN, slug, new dev.atrium.tenancy.tenant.TenantChange(null, dev.atrium.tenancy.tenant.TenantState.ACTIVE));
  }

  @Test
  void badCronWorkloadsAreRefusedNamingTheFieldAndWriteNothing() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    assertThat(refusal(alice, slug, WorkloadSpecs.cron("bad", "61 * * * *").on("sim"))).containsExactly("schedule: minute 61 is out of range 0–59");
    assertThat(refusal(alice, slug, WorkloadSpecs.cron("bad", "* * *").on("sim"))).singleElement().asString().startsWith("schedule: must have 5 fields");
    assertThat(refusal(alice, slug, WorkloadSpecs.cron("bad", "* * * * * *").on("sim"))).singleElement().asString().contains("at most once a minute");
    assertThat(refusal(alice, slug, WorkloadSpecs.cron("bad", "0 * * * *").zone("Mars/Olympus").on("sim"))).singleElement().asString().startsWith("timeZone:");
    assertThat(refusal(alice, slug, WorkloadSpecs.cron("bad", "0 * * * *").deadline(-1).on("sim"))).singleElement().asString().startsWith("startingDeadlineSeconds:");
    assertThat(workloads.list(alice, slug, PageRequest.first(10)).items()).isEmpty();
    assertThat(quotas.get(alice, slug).usage().workloads()).isZero();
  }

  private List<String> refusal(Actor actor, String slug, WorkloadSpec spec) {
    try {
      workloads.create(actor, slug, spec);
      return List.of();
    } catch (ValidationException e) {
      return e.errors().stream().map(f -> f.field() + ": " + f.message()).toList();
    }
  }

  private Workload create(Actor actor, String slug, WorkloadSpec spec) {
    Workload w = workloads.create(actor, slug, spec);
    cleanUp.add(() -> workloads.delete(actor, slug, w.id()));
    return w;
  }

  /** The workload's runs, the earliest first. */
  private List<CronRun> runsOf(Actor actor, String slug, Workload w) {
    List<CronRun> all = new ArrayList<>(runs.list(actor, slug, w.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
    all.sort(Comparator.comparing(CronRun::scheduledAt));
    return all;
  }

  /** Sets the clock to that time of the test's day and lets the leader do a round (two: one to run, one to see). */
  private void at(int hour, int minute, int second) {
    clock.set(at(hour, minute).plusSeconds(second));
    reconciler.round();
    reconciler.round();
  }

  private Instant at(int hour, int minute) {
    return nine.minus(Duration.ofHours(9)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  private List<Instant> minutes(int hour, int from, int to) {
    List<Instant> all = new ArrayList<>();
    for (int m = from; m <= to; m++) {
      all.add(at(hour, m));
    }
    return all;
  }
}
