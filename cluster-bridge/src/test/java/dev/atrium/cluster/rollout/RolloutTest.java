package dev.atrium.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.version.Version;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.RolloutStrategy;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rolling updates on the simulated pool, the clock driven by the test: a new version replaces the
 * old one task by task within the surge and unavailability asked for, stops and says why when its
 * tasks fail their health checks, and rolls back.
 */
class RolloutTest extends ClusterTestBase {

  /** Passes at once on sim, checked every second. */
  private static final HealthCheck HEALTHY = new HealthCheck(null, new HealthCheck.Http(8080, "/health"), 1, 1, 1, 0);
  /** Always fails on sim: the first failed check is the threshold. */
  private static final HealthCheck SICK = new HealthCheck(List.of("false"), null, 1, 1, 1, 0);

  @Autowired TestClock clock;
  @Autowired Rollouts rollouts;

  private final List<Runnable> cleanUp = new ArrayList<>();

  @BeforeEach
  void noon() {
    clock.set(Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(5)).plus(Duration.ofHours(12)));
  }

  @AfterEach
  void realTime() {
    cleanUp.forEach(Runnable::run);
    clock.reset();
  }

  @Test
  void aNewVersionReplacesTheOldOneTaskAtATimeWithoutEverRunningFewerThanItsInstances() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("web").command("sh", "-c", "v1").health(HEALTHY).instances(3));

    Workload changed = rollouts.change(alice, slug, w.id(), command("sh", "-c", "v2"));
    assertThat(changed.rollout().version()).isEqualTo(2);
    assertThat(changed.rollout().state()).isEqualTo(RolloutState.PROGRESSING);
    assertThat(changed.spec().command()).containsExactly("sh", "-c", "v2");

    Workload now = changed;
    for (int round = 0; round < 30 && now.rollout().state() == RolloutState.PROGRESSING; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
      assertThat(now.available()).as("running in round %d (maxUnavailable 0)", round).isGreaterThanOrEqualTo(3);
      assertThat(live(now)).as("live in round %d (maxSurge 1)", round).hasSizeLessThanOrEqualTo(4);
    }
    assertThat(now.rollout().state()).isEqualTo(RolloutState.COMPLETE);
    assertThat(live(now)).hasSize(3).allSatisfy(t -> {
      assertThat(t.version()).isEqualTo(2);
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
    });
    assertThat(now.tasks()).filteredOn(t -> t.version() == 1)
        .allSatisfy(t -> assertThat(t.reason()).isEqualTo("replaced by version 2"));
    assertThat(tenants.get(ADMIN, slug).quota().usage().cpuMillis()).as("the surge is given back").isEqualTo(300);
    assertThat(rollouts.versions(alice, slug, w.id(), PageRequest.first(10)).page().items()).extracting(Version::version).containsExactly(2, 1);
  }

  @Test
  void aVersionWhoseTasksFailTheirHealthChecksStopsSaysWhyAndRollsBack() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("api").health(HEALTHY).instances(2));

    rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, null, SICK, null, null));
    Workload now = null;
    for (int round = 0; round < 60; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
      assertThat(live(now).stream().filter(t -> t.version() == 1 && t.state() == TaskState.RUNNING)).as("the old version serves on").hasSize(2);
      if (now.rollout().state() != RolloutState.PROGRESSING) {
        break;
      }
    }
    assertThat(now.rollout().state()).isEqualTo(RolloutState.FAILED);
    assertThat(now.rollout().reason()).startsWith("version 2: 3 of ").contains("new tasks failed: health check failed: ");
    assertThat(live(now)).as("the failing new tasks stop").allSatisfy(t -> assertThat(t.version()).isEqualTo(1));
    assertThatThrownBy(() -> workloads.scale(alice, slug, w.id(), 3)).isInstanceOf(ConflictException.class).hasMessageContaining("failed");

    Workload back = rollouts.rollback(alice, slug, w.id());
    assertThat(back.rollout().version()).isEqualTo(1);
    assertThat(back.rollout().previousVersion()).isEqualTo(2);
    assertThat(back.spec().healthCheck()).isEqualTo(HEALTHY.normalised());
    rounds(Duration.ofSeconds(1));
    now = workloads.get(alice, slug, w.id());
    assertThat(now.rollout().state()).isEqualTo(RolloutState.COMPLETE);
    assertThat(live(now)).as("the tasks of version 1 were kept, not restarted").extracting(Task::id)
        .containsExactlyInAnyOrderElementsOf(live(w).stream().map(Task::id).toList());
  }

  @Test
  void withoutQuotaForASurgeTheRolloutReplacesOneTaskAtATimeAndSaysSo() {
    String slug = uniqueSlug();
    // Room for one task over the two instances, while the rollout asks for two.
    Actor alice = newTenant(slug, new Quota(300, 192, 0, 1));
    Workload w = running(alice, slug, WorkloadSpecs.service("tight").health(HEALTHY).instances(2).rollout(2, 0));

    rollouts.change(alice, slug, w.id(), command("sh", "-c", "v2"));
    rounds(Duration.ofSeconds(1));
    Workload now = workloads.get(alice, slug, w.id());
    assertThat(live(now)).as("the one surge task the quota has room for").hasSize(3);
    assertThat(now.rollout().reason()).contains("no room for a surge").contains("one task at a time");
    for (int round = 0; round < 30 && now.rollout().state() == RolloutState.PROGRESSING; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
      assertThat(now.available()).as("running in round %d", round).isGreaterThanOrEqualTo(1);
    }
    assertThat(now.rollout().state()).isEqualTo(RolloutState.COMPLETE);
    assertThat(now.rollout().reason()).isNull();
    assertThat(live(now)).hasSize(2).allSatisfy(t -> assertThat(t.version()).isEqualTo(2));
  }

  @Test
  void aFailedRolloutBringsTheServiceBackToItsInstancesWithTheVersionItCameFrom() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    // Up to one instance down: an old task stops before any new one is healthy.
    Workload w = running(alice, slug, WorkloadSpecs.service("dips").health(HEALTHY).instances(2).rollout(0, 1));

    rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, null, SICK, null, null));
    Workload now = w;
    for (int round = 0; round < 60 && now.rollout().state() != RolloutState.FAILED; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
    }
    assertThat(now.rollout().state()).isEqualTo(RolloutState.FAILED);
    for (int round = 0; round < 5 && now.available() < 2; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
    }
    assertThat(live(now)).as("two instances of version 1 again").hasSize(2).allSatisfy(t -> {
      assertThat(t.version()).isEqualTo(1);
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
    });
    assertThat(now.rollout().reason()).as("the failure stays said").startsWith("version 2: 3 of ");
    assertThat(tenants.get(ADMIN, slug).quota().usage().cpuMillis()).isEqualTo(200);

    // The next version follows the one that runs: a rollback from it returns to version 1, not to the one that failed.
    Workload next = rollouts.change(alice, slug, w.id(), command("sh", "-c", "v3"));
    assertThat(next.rollout().version()).isEqualTo(3);
    assertThat(next.rollout().previousVersion()).isEqualTo(1);
  }

  @Test
  void aRolloutWhoseNewTasksWaitTenMinutesStopsSayingWhatTheyWaitFor() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("grows").instances(1));

    // No node of the pool has 64 cores.
    rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, new VersionChange.PartialResources(64_000L, null, null), null, null, null));
    Workload now = w;
    for (int minute = 0; minute < 9; minute++) {
      rounds(Duration.ofMinutes(1));
      now = workloads.get(alice, slug, w.id());
      assertThat(now.rollout().state()).isEqualTo(RolloutState.PROGRESSING);
    }
    rounds(Duration.ofMinutes(1));
    rounds(Duration.ofSeconds(1));
    now = workloads.get(alice, slug, w.id());
    assertThat(now.rollout().state()).isEqualTo(RolloutState.FAILED);
    assertThat(now.rollout().reason()).startsWith("version 2: no progress in 10 minutes; a new task waits: ").contains("no node");
    assertThat(live(now)).singleElement().satisfies(t -> assertThat(t.version()).isEqualTo(1));
  }

  @Test
  void timeTheReconcilerWasNotRunningDoesNotFailARollout() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("waits").instances(1));
    rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, new VersionChange.PartialResources(64_000L, null, null), null, null, null));
    rounds(Duration.ofSeconds(1));

    rounds(Duration.ofMinutes(30)); // the leader was down
    assertThat(workloads.get(alice, slug, w.id()).rollout().state()).isEqualTo(RolloutState.PROGRESSING);
  }

  @Test
  void aPausedRolloutStartsAndStopsNothingUntilResumed() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("paused").health(HEALTHY).instances(2));

    rollouts.change(alice, slug, w.id(), command("sh", "-c", "v2"));
    rounds(Duration.ofSeconds(1));
    rounds(Duration.ofSeconds(1));
    Workload paused = rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, null, null, null, true));
    assertThat(paused.rollout().state()).isEqualTo(RolloutState.PAUSED);
    List<java.util.UUID> before = live(paused).stream().map(Task::id).toList();
    rounds(Duration.ofSeconds(5));
    rounds(Duration.ofSeconds(5));
    Workload still = workloads.get(alice, slug, w.id());
    assertThat(live(still)).extracting(Task::id).containsExactlyInAnyOrderElementsOf(before);
    assertThat(live(still).stream().map(Task::version).distinct()).as("old and new side by side").containsExactlyInAnyOrder(1, 2);

    rollouts.change(alice, slug, w.id(), new VersionChange(null, null, null, null, null, null, false));
    Workload now = workloads.get(alice, slug, w.id());
    for (int round = 0; round < 30 && now.rollout().state() != RolloutState.COMPLETE; round++) {
      rounds(Duration.ofSeconds(1));
      now = workloads.get(alice, slug, w.id());
    }
    assertThat(live(now)).hasSize(2).allSatisfy(t -> assertThat(t.version()).isEqualTo(2));
  }

  @Test
  void aChangeThatChangesNothingMakesNoVersion() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload w = running(alice, slug, WorkloadSpecs.service("same").command("sh", "-c", "v1"));
    Workload same = rollouts.change(alice, slug, w.id(), command("sh", "-c", "v1"));
    assertThat(same.rollout().version()).isEqualTo(1);
    assertThat(same.rollout().state()).isEqualTo(RolloutState.COMPLETE);
  }

  @Test
  void badChangesAreRefusedNamingTheFieldAndChangeNothing() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload svc = running(alice, slug, WorkloadSpecs.service("svc"));
    Workload job = workloads.create(alice, slug, WorkloadSpecs.job("batch").runs(3600).on("sim"));
    cleanUp.add(() -> workloads.delete(alice, slug, job.id()));

    assertThatThrownBy(() -> rollouts.change(alice, slug, svc.id(), new VersionChange("other", null, null, null, null, new RolloutStrategy(0, 0), null)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("rollout.maxUnavailable"));
    assertThatThrownBy(() -> workloads.create(alice, slug, WorkloadSpecs.service("frozen").rollout(0, 0).on("sim")))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("rollout.maxUnavailable"));
    assertThatThrownBy(() -> rollouts.change(alice, slug, svc.id(), new VersionChange(" ", null, null, null, null, null, null)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("image"));
    assertThatThrownBy(() -> rollouts.change(alice, slug, job.id(), new VersionChange("other", null, null, null, null, null, null)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("is a JOB").hasMessageContaining("image");
    assertThatThrownBy(() -> rollouts.rollback(alice, slug, svc.id()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("no previous version");
    assertThatThrownBy(() -> rollouts.change(alice, slug, svc.id(), new VersionChange(null, null, null, null, null, null, true)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("No rollout of svc is under way");

    Workload after = workloads.get(alice, slug, svc.id());
    assertThat(after.rollout().version()).isEqualTo(1);
    assertThat(after.spec().image()).isEqualTo(svc.spec().image());
    assertThat(after.spec().rollout()).isEqualTo(RolloutStrategy.DEFAULT);
    assertThat(workloads.get(alice, slug, job.id()).spec().image()).isEqualTo(job.spec().image());
  }

  /** A service created and run until all its tasks are RUNNING; deleted after the test. */
  private Workload running(Actor actor, String slug, WorkloadSpecs spec) {
    Workload w = workloads.create(actor, slug, spec.on("sim"));
    cleanUp.add(() -> workloads.delete(actor, slug, w.id()));
    rounds(Duration.ofSeconds(1));
    rounds(Duration.ofSeconds(1));
    Workload now = workloads.get(actor, slug, w.id());
    assertThat(now.state()).isEqualTo("RUNNING");
    return now;
  }

  private static VersionChange command(String... command) {
    return new VersionChange(null, List.of(command), null, null, null, null, null);
  }

  private static List<Task> live(Workload w) {
    return w.tasks().stream().filter(t -> !t.state().ended()).toList();
  }

  private void rounds(Duration by) {
    clock.advance(by);
    reconciler.round();
  }
}
