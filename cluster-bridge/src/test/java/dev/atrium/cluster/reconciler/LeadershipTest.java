package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.workload.WorkloadSpecs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Only the replica holding the reconciler's advisory lock acts; a round driven by hand lets go of it;
 * a leader that loses its lock mid-round stops before its next step.
 */
class LeadershipTest extends ClusterTestBase {

  @Autowired DataSource dataSource;
  @Autowired dev.atrium.cluster.driver.stub.StubDriver stub;

  @Test
  void anotherReconcilerHoldingTheLockKeepsThisOneIdle() throws Exception {
    try (Connection other = dataSource.getConnection()) {
      assertThat(lock(other)).isTrue();
      assertThat(reconciler.round()).as("idle while another portal leads").isFalse();
      other.createStatement().execute("select pg_advisory_unlock(" + Reconciler.LEADER_LOCK + ")");
    }
    assertThat(reconciler.round()).isTrue();
  }

  @Test
  void aRoundDrivenByHandGivesTheLockBack() throws Exception {
    assertThat(reconciler.round()).isTrue();
    try (Connection other = dataSource.getConnection()) {
      assertThat(lock(other)).as("free for another portal after the round").isTrue();
      other.createStatement().execute("select pg_advisory_unlock(" + Reconciler.LEADER_LOCK + ")");
    }
  }

  @Test
  void aPortalWhoseReconcilerIsOffLaunchesNothingWhenWorkIsAdmitted() throws Exception {
    String slug = uniqueSlug();
    var admin = newTenant(slug, new dev.atrium.tenancy.quota.Quota(10_000, 10_000, 0, 5));
    Workload web =
        workloads.create(admin, slug, WorkloadSpecs.service("idle").on("sim"));

    Thread.sleep(500);

    Task task = workloads.get(admin, slug, web.id()).tasks().get(0);
    assertThat(task.state()).isEqualTo(TaskState.STAGING);
    assertThat(task.handle()).as("launched only by a running reconciler").isNull();
    workloads.delete(admin, slug, web.id());
  }

  @Test
  void aLeaderWhoseLockConnectionDiesMidRoundDoesNoFurtherStep() throws Exception {
    String slug = uniqueSlug();
    var admin = newTenant(slug, new dev.atrium.tenancy.quota.Quota(10_000, 10_000, 0, 5));
    Workload first = workloads.create(admin, slug, WorkloadSpecs.service("first").cpu(100).on("stub"));
    Workload second = workloads.create(admin, slug, WorkloadSpecs.service("second").cpu(100).on("stub-b"));
    // While the stub pool launches (the step before stub-b's), the lock's session is ended from outside.
    stub.beforeLaunch(launch -> {
      if (launch.pool().equals("stub")) {
        terminateLockSession();
      }
    });
    try {
      assertThat(reconciler.round()).isTrue();
    } finally {
      stub.beforeLaunch(launch -> {});
    }

    assertThat(workloads.get(admin, slug, first.id()).tasks().get(0).handle()).as("the step under way ends").isNotNull();
    assertThat(workloads.get(admin, slug, second.id()).tasks().get(0).handle()).as("no step after the lock was lost").isNull();
    assertThat(reconciler.round()).as("leads again once the lock is free").isTrue();
    assertThat(workloads.get(admin, slug, second.id()).tasks().get(0).handle()).isNotNull();
    workloads.delete(admin, slug, first.id());
    workloads.delete(admin, slug, second.id());
  }

  private void terminateLockSession() {
    try (Connection connection = dataSource.getConnection()) {
      // With a timeout, PostgreSQL answers once the session is gone, and its lock with it.
      ResultSet ended = connection.createStatement().executeQuery(
          "select pg_terminate_backend(pid, 5000) from pg_locks where locktype = 'advisory' and granted and classid::bigint = "
              + (Reconciler.LEADER_LOCK >>> 32) + " and objid::bigint = " + (Reconciler.LEADER_LOCK & 0xffffffffL));
      assertThat(ended.next() && ended.getBoolean(1)).as("the lock's session ended").isTrue();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean lock(Connection connection) throws Exception {
    ResultSet result = connection.createStatement().executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
    result.next();
    return result.getBoolean(1);
  }
}
