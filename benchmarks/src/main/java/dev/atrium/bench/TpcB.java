package dev.atrium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The TPC-B-like transaction that {@code pgbench} runs by default (three updates, one select, one
 * insert on pgbench's four tables), the yardstick for what this PostgreSQL commits per second.
 */
final class TpcB {

  private final int scale;

  private TpcB(int scale) {
    this.scale = scale;
  }

  /** Creates and fills pgbench's tables at {@code scale} (100,000 accounts per branch), as pgbench -i does. */
  static TpcB initialise(DataSource pool, int scale) throws SQLException {
    try (Connection c = pool.getConnection(); var s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("create table pgbench_branches (bid int primary key, bbalance int, filler char(88)) with (fillfactor=100)");
      s.execute("create table pgbench_tellers (tid int primary key, bid int, tbalance int, filler char(84)) with (fillfactor=100)");
      s.execute("create table pgbench_accounts (aid int primary key, bid int, abalance int, filler char(84)) with (fillfactor=100)");
      s.execute("create table pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))");
      s.execute("insert into pgbench_branches select b, 0 from generate_series(1, " + scale + ") b");
      s.execute("insert into pgbench_tellers select t, (t - 1) / 10 + 1, 0 from generate_series(1, " + 10 * scale + ") t");
      s.execute(
          "insert into pgbench_accounts select a, (a - 1) / 100000 + 1, 0, '' from generate_series(1, " + 100_000 * scale + ") a");
      s.execute("vacuum analyze pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history");
    }
    return new TpcB(scale);
  }

  /** One transaction, committed. */
  void run(Connection c) throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int aid = random.nextInt(1, 100_000 * scale + 1);
    int bid = random.nextInt(1, scale + 1);
    int tid = random.nextInt(1, 10 * scale + 1);
    int delta = random.nextInt(-5000, 5001);
    try (PreparedStatement account = c.prepareStatement("update pgbench_accounts set abalance = abalance + ? where aid = ?");
        PreparedStatement read = c.prepareStatement("select abalance from pgbench_accounts where aid = ?");
        PreparedStatement teller = c.prepareStatement("update pgbench_tellers set tbalance = tbalance + ? where tid = ?");
        PreparedStatement branch = c.prepareStatement("update pgbench_branches set bbalance = bbalance + ? where bid = ?");
        PreparedStatement history =
            c.prepareStatement("insert into pgbench_history (tid, bid, aid, delta, mtime) values (?, ?, ?, ?, current_timestamp)")) {
      account.setInt(1, delta);
      account.setInt(2, aid);
      account.executeUpdate();
      read.setInt(1, aid);
      read.executeQuery().close();
      teller.setInt(1, delta);
      teller.setInt(2, tid);
      teller.executeUpdate();
      branch.setInt(1, delta);
      branch.setInt(2, bid);
      branch.executeUpdate();
      history.setInt(1, tid);
      history.setInt(2, bid);
      history.setInt(3, aid);
      history.setInt(4, delta);
      history.executeUpdate();
      c.commit();
    } catch (SQLException e) {
      c.rollback(); // a deadlock or serialization failure counts as no transaction, as in pgbench
    }
  }
}
