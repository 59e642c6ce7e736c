package dev.atrium.portal.metrics;

import dev.atrium.cluster.placement.WaitKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The counts behind the gauges, each one grouped query over every tenant. */
@Repository
class MetricsStore {

  record Count(List<String> tags, double value) {}

  private final JdbcTemplate db;

  MetricsStore(JdbcTemplate db) {
    this.db = db;
  }

  private static final List<String> LIVE = List.of("PENDING", "STAGING", "RUNNING");
  private static final List<String> RESERVATION_STATES = List.of("BOOKED", "ACTIVE", "ENDED", "CANCELLED");
  private static final List<String> CRON_RUN_STATES = List.of("RUNNING", "SUCCEEDED", "FAILED", "MISSED", "SKIPPED", "REPLACED");

  /** Live tasks (PENDING, STAGING, RUNNING) by pool and state; ended ones are history, not a level. */
  List<Count> liveTasks() {
    Map<List<String>, Double> counts = zeros(pools(), LIVE);
    db.query(
        "select pool, state, count(*) from task where state in ('PENDING', 'STAGING', 'RUNNING') group by pool, state",
        rs -> {
          counts.put(List.of(rs.getString(1), rs.getString(2)), (double) rs.getLong(3));
        });
    return counts(counts);
  }

  /** PENDING tasks by pool and the kind of thing they wait for ({@link WaitKind}). */
  List<Count> pendingByWait() {
    Map<List<String>, Double> counts = zeros(pools(), WaitKind.ALL);
    db.query(
        "select pool, reason, count(*) from task where state = 'PENDING' group by pool, reason",
        rs -> {
          counts.merge(List.of(rs.getString(1), WaitKind.of(rs.getString(2))), (double) rs.getLong(3), Double::sum);
        });
    return counts(counts);
  }

  /** Each tenant's use of its quota, 0 to 1, per resource with a limit above zero. */
  List<Count> quotaUse() {
    return db.query(
        """
        select t.slug, r.resource, r.used::float8 / r.quota
        from tenant_quota q join tenant t on t.id = q.tenant_id,
             lateral (values ('cpu', q.used_cpu_millis, q.cpu_millis), ('memory', q.used_memory_mib, q.memory_mib),
                             ('gpus', q.used_gpus, q.gpus), ('workloads', q.used_workloads, q.workloads)) as r (resource, used, quota)
        where r.quota > 0
        """,
        (rs, i) -> new Count(List.of(rs.getString(1), rs.getString(2)), rs.getDouble(3)));
  }

  List<Count> reservations() {
    return byState("select state, count(*) from reservation group by state", RESERVATION_STATES);
  }

  List<Count> cronRuns() {
    return byState("select state, count(*) from cron_run group by state", CRON_RUN_STATES);
  }

  private List<Count> byState(String query, List<String> states) {
    Map<List<String>, Double> counts = new LinkedHashMap<>();
    states.forEach(state -> counts.put(List.of(state), 0.0));
    db.query(query, rs -> {
      counts.put(List.of(rs.getString(1)), (double) rs.getLong(2));
    });
    return counts(counts);
  }

  private List<String> pools() {
    return db.queryForList("select name from pool order by name", String.class);
  }

  /** Every pair of the two lists at zero, so that a dashboard's series exist before anything happens. */
  private static Map<List<String>, Double> zeros(List<String> firsts, List<String> seconds) {
    Map<List<String>, Double> zeros = new LinkedHashMap<>();
    firsts.forEach(first -> seconds.forEach(second -> zeros.put(List.of(first, second), 0.0)));
    return zeros;
  }

  private static List<Count> counts(Map<List<String>, Double> counts) {
    return counts.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
  }

  /** Up to when the metering roller has taken every open usage interval. */
  Instant rolledUntil() {
    Timestamp until = db.queryForObject("select rolled_until from metering", Timestamp.class);
    return until.toInstant();
  }
}
