package dev.atrium.cluster.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.driver.sim.SimDriver;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.db.TestClock;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.quota.Quota;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Health checks on the simulated pool, the clock driven by the test: a task is RUNNING only once
 * healthy, and one that fails its threshold is replaced with the check's words as the reason.
 */
class HealthTest extends ClusterTestBase {

  @Autowired TestClock clock;

  @BeforeEach
  void noon() {
    clock.set(Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(4)).plus(Duration.ofHours(12)));
  }

  @AfterEach
  void realTime() {
    clock.reset();
  }

  @Test
  void aTaskWhoseCheckNeverPassesStaysStagingThenFailsWithTheReasonAndIsReplaced() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    HealthCheck never = new HealthCheck(List.of("false"), null, 5, 2, 2, 10);
    Workload w = workloads.create(alice, slug, WorkloadSpecs.service("sick").health(never).on("sim"));
    try {
      rounds(Duration.ofSeconds(1));
      assertThat(only(alice, slug, w).state()).as("launched, not healthy").isEqualTo(TaskState.STAGING);
      rounds(Duration.ofSeconds(18)); // grace 10 s, then two failed checks 5 s apart
      assertThat(only(alice, slug, w).state()).isEqualTo(TaskState.STAGING);
      rounds(Duration.ofSeconds(2));

      List<Task> tasks = workloads.get(alice, slug, w.id()).tasks();
      assertThat(tasks).filteredOn(t -> t.state() == TaskState.FAILED).singleElement()
          .satisfies(t -> assertThat(t.reason()).startsWith("health check failed: "));
      assertThat(tasks).filteredOn(t -> !t.state().ended()).as("its replacement").singleElement()
          .satisfies(t -> assertThat(t.restarts()).isEqualTo(1));
    } finally {
      workloads.delete(alice, slug, w.id());
    }
  }

  @Test
  void aHealthyTaskRunsUntilItsChecksFailAndIsThenReplaced() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    HealthCheck ok = new HealthCheck(null, new HealthCheck.Http(8080, "/health"), 5, 2, 3, 0);
    Workload w = workloads.create(alice, slug,
        WorkloadSpecs.service("turns-sick").health(ok).env(Map.of(SimDriver.UNHEALTHY_AFTER, "30")).on("sim"));
    try {
      rounds(Duration.ofSeconds(1));
      assertThat(only(alice, slug, w).state()).isEqualTo(TaskState.RUNNING);
      rounds(Duration.ofSeconds(40)); // fails from 30 s on; three failed checks 5 s apart
      assertThat(only(alice, slug, w).state()).isEqualTo(TaskState.RUNNING);
      rounds(Duration.ofSeconds(6));
      assertThat(workloads.get(alice, slug, w.id()).tasks()).anySatisfy(t -> {
        assertThat(t.state()).isEqualTo(TaskState.FAILED);
        assertThat(t.reason()).startsWith("health check failed");
      });
    } finally {
      workloads.delete(alice, slug, w.id());
    }
  }

  @Test
  void badHealthChecksAreRefusedNamingTheField() {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    assertThat(fields(alice, slug, WorkloadSpecs.service("bad").health(new HealthCheck(null, null, null, null, null, null)))).containsExactly("healthCheck");
    assertThat(fields(alice, slug, WorkloadSpecs.service("bad").health(new HealthCheck(null, new HealthCheck.Http(70000, "/"), null, null, null, null))))
        .containsExactly("healthCheck.http.port");
    assertThat(fields(alice, slug, WorkloadSpecs.service("bad").health(new HealthCheck(List.of("true"), null, 0, null, 0, null))))
        .containsExactlyInAnyOrder("healthCheck.intervalSeconds", "healthCheck.failureThreshold");
    assertThat(fields(alice, slug, WorkloadSpecs.job("bad").health(new HealthCheck(List.of("true"), null, null, null, null, null)))).containsExactly("healthCheck");
  }

  private List<String> fields(Actor actor, String slug, WorkloadSpecs spec) {
    try {
      workloads.create(actor, slug, spec.on("sim"));
      return List.of();
    } catch (ValidationException e) {
      return e.errors().stream().map(ValidationException.FieldError::field).toList();
    }
  }

  private Task only(Actor actor, String slug, Workload w) {
    return workloads.get(actor, slug, w.id()).tasks().stream().filter(t -> !t.state().ended()).findFirst().orElseThrow();
  }

  /** The clock moves on by {@code by}, then the leader does a round. */
  private void rounds(Duration by) {
    clock.advance(by);
    reconciler.round();
  }
}
