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

/** Only the portal holding the reconciler's advisory lock acts; a round driven by hand lets go of it. */
class LeadershipTest extends ClusterTestBase {

  @Autowired DataSource dataSource;

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

  private static boolean lock(Connection connection) throws Exception {
    ResultSet result = connection.createStatement().executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
    result.next();
    return result.getBoolean(1);
  }
}
