package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
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

  private static boolean lock(Connection connection) throws Exception {
    ResultSet result = connection.createStatement().executeQuery("select pg_try_advisory_lock(" + Reconciler.LEADER_LOCK + ")");
    result.next();
    return result.getBoolean(1);
  }
}
