package dev.atrium.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the database says about tasks and nodes, read as the platform. */
final class Fleets {

  private Fleets() {}

  /** Task counts by state. */
  static Map<String, Long> tasksByState(BenchDatabase db) throws SQLException {
    return counts(db, "select state, count(*) from task group by state order by state");
  }

  /** The most common reasons PENDING tasks wait, with their counts. */
  static Map<String, Long> pendingReasons(BenchDatabase db) throws SQLException {
    return counts(
        db,
        "select coalesce(reason, '(none yet)'), count(*) from task where state = 'PENDING'"
            + " group by 1 order by 2 desc limit 5");
  }

  /** The share of the fleet's capacity allocated in its most allocated resource (CPU or memory). */
  static double dominantShareAllocated(BenchDatabase db) throws SQLException {
    try (Connection c = db.platformConnection();
        var s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select sum(alloc_cpu_millis)::float8 / nullif(sum(cpu_millis), 0),"
                    + " sum(alloc_memory_mib)::float8 / nullif(sum(memory_mib), 0) from node")) {
      r.next();
      return Math.max(r.getDouble(1), r.getDouble(2));
    }
  }

  private static Map<String, Long> counts(BenchDatabase db, String sql) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = db.platformConnection(); var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        counts.put(r.getString(1), r.getLong(2));
      }
    }
    return counts;
  }
}
