package dev.atrium.portal.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.db.embedded.EmbeddedPostgresServer;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.TestKeycloak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the production jar, each in its own JVM, on one PostgreSQL and one Keycloak: work
 * is launched through both, the leader is killed with kill -9, and the other must lead within 10 s
 * with nothing launched twice and no reservation or usage interval lost or doubled. Then the same when
 * only the leader's lock connection dies.
 */
class FailoverIT {

  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration FAIL_OVER = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedPostgresServer postgres;
  private static Path logs;
  private static Map<String, String> environment;
  private static final List<Replica> replicas = new ArrayList<>();

  @BeforeAll
  static void twoReplicas() throws Exception {
    logs = Files.createDirectories(Path.of("target/failover").toAbsolutePath());
    postgres = EmbeddedPostgresServer.start(Files.createTempDirectory(logs, "pg-").resolve("data"), 0);
    environment = new HashMap<>();
    environment.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
    environment.put("SPRING_DATASOURCE_USERNAME", postgres.username());
    environment.put("SPRING_DATASOURCE_PASSWORD", "");
    environment.put("ATRIUM_OIDC_ISSUER", TestKeycloak.issuer());
    environment.put("ATRIUM_LOG_FORMAT", "ecs");
    environment.put("ATRIUM_METERING_ROLL_INTERVAL", "2s");
    // the default pools: local (podman on this host) and sim
    Replica a = replica("replica-a").start();
    Replica b = replica("replica-b").start(); // both migrate the empty database at once: one waits for the other
    a.awaitReady(START);
    b.awaitReady(START);
  }

  private static Replica replica(String name) throws IOException {
    Map<String, String> env = new HashMap<>(environment);
    env.put("ATRIUM_HOME", Files.createDirectories(logs.resolve(name + "-home")).toString());
    Replica replica = new Replica(name, logs, env);
    replicas.add(replica);
    return replica;
  }

  @AfterAll
  static void stop() throws Exception {
    for (Replica replica : replicas) {
      replica.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void whenTheLeaderDiesTheOtherLeadsAndNothingIsLostOrDoubled() throws Exception {
    Replica a = replicas.get(0);
    Replica b = replicas.get(1);
    assertThat(a.as("ada").post("/api/v1/tenants", """
        {"slug":"acme","displayName":"Acme","quota":{"cpuMillis":8000,"memoryMiB":8192,"gpus":0,"workloads":20}}""").status())
        .isEqualTo(201);
    assertThat(b.as("ada").post("/api/v1/tenants/acme/members", """
        {"username":"alice","role":"tenant-admin"}""").status()).isEqualTo(201);

    // Work through both replicas: containers on podman, tasks on the simulated fleet, a booking.
    String web = launch(a, "web", "local", 3);
    String batch = launch(b, "batch", "sim", 4);
    await(Duration.ofSeconds(90), () -> running(web) == 3 && running(batch) == 4, "all 7 tasks RUNNING");
    Instant start = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Api.Response booked = b.as("alice").post("/api/v1/tenants/acme/reservations", """
        {"name":"nightly","pool":"sim","resources":{"cpuMillis":500,"memoryMiB":256,"gpus":0},"instances":2,"start":"%s","end":"%s"}"""
        .formatted(start, start.plus(Duration.ofHours(1))));
    assertThat(booked.status()).as(booked.body()).isEqualTo(201);
    awaitOneLeader(a, b);

    Snapshot before = snapshot();
    assertThat(before.containers()).hasSize(3);
    Replica leader = a.leads() ? a : b;
    Replica follower = leader == a ? b : a;
    assertThat(lockHolder()).isEqualTo(leader.pid());

    leader.kill();
    Instant killed = Instant.now();
    await(FAIL_OVER, () -> lockHolder() == follower.pid() && follower.leads(), follower.name + " leads within " + FAIL_OVER + " of the kill");
    System.out.printf("%s led %d ms after %s was killed%n", follower.name, Duration.between(killed, Instant.now()).toMillis(), leader.name);

    String more = launch(follower, "more", "local", 2);
    await(Duration.ofSeconds(60), () -> running(more) == 2, "the new leader launches new work");
    assertNothingLostOrDoubled(before);

    // The killed replica, restarted, follows.
    Replica restarted = replica(leader.name + "-again").start().awaitReady(START);
    assertThat(restarted.leads()).isFalse();
    assertThat(follower.leads()).isTrue();

    // Only the leader's lock connection dies: someone leads again, and work goes on.
    Snapshot beforeCut = snapshot();
    int cutSession = lockSession();
    assertThat(terminateLockSession()).isTrue();
    await(
        FAIL_OVER,
        () -> {
          long holder = lockHolder();
          Replica now = holder == follower.pid() ? follower : holder == restarted.pid() ? restarted : null;
          Replica other = now == follower ? restarted : follower;
          return lockSession() != cutSession && now != null && now.leads() && !other.leads();
        },
        "a new lock session, and exactly one replica leading, within " + FAIL_OVER + " of the cut");
    String last = launch(restarted, "last", "local", 1);
    await(Duration.ofSeconds(60), () -> running(last) == 1, "work launched after the cut runs");
    assertNothingLostOrDoubled(beforeCut);

    assertJsonLogsCarryTheRequest(b);

    // A newer Atrium migrates the database: these replicas, left on the old version, stop taking traffic.
    execute("""
        insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
        values (999, '999', 'from a newer Atrium', 'SQL', 'V999__from_a_newer_atrium.sql', 0, 'atrium', 1, true)""");
    await(Duration.ofSeconds(10), () -> follower.management().get("/actuator/health/readiness").status() == 503,
        "a replica older than the schema is not ready");
    execute("delete from flyway_schema_history where version = '999'");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = superuser(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String launch(Replica replica, String name, String pool, int instances) {
    Api.Response created = replica.as("alice").post("/api/v1/tenants/acme/workloads", """
        {"name":"%s","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","3600"],
         "resources":{"cpuMillis":100,"memoryMiB":32,"gpus":0},"instances":%d,"pool":"%s"}"""
        .formatted(name, instances, pool));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  /** What must survive a change of leader: launches, containers, usage intervals. */
  private record Snapshot(Map<String, String> launched, Map<String, String> containers, Map<String, String> intervals) {}

  private static Snapshot snapshot() throws SQLException {
    Map<String, String> intervals = new HashMap<>();
    query("select ref, id || ' from ' || started_at from metered_interval where meter = 'usage'", rs -> intervals.put(rs.getString(1), rs.getString(2)));
    return new Snapshot(launchedTasks(), containers(), intervals);
  }

  /**
   * Every task launched before keeps its one launch (same handle, same container, no restart) and its
   * one usage interval (same row, same start: not closed and opened again), every running task has
   * exactly one open usage interval, and the booking kept its slots.
   */
  private static void assertNothingLostOrDoubled(Snapshot before) throws SQLException {
    Snapshot now = snapshot();
    assertThat(now.launched()).containsAllEntriesOf(before.launched());
    assertThat(now.containers()).containsAllEntriesOf(before.containers());
    assertThat(now.intervals()).containsAllEntriesOf(before.intervals());
    assertThat(ints("select count(*) from task where restarts > 0 or state not in ('STAGING', 'RUNNING')")).isZero();
    assertThat(ints("""
        select count(*) from task t where t.state = 'RUNNING'
          and (select count(*) from metered_interval m where m.ref = t.id and m.ended_at is null) <> 1"""))
        .as("running tasks without exactly one open usage interval").isZero();
    assertThat(ints("select count(*) from reservation where state = 'BOOKED'")).isEqualTo(1);
    assertThat(ints("select count(*) from reservation_slot")).isEqualTo(2);
  }

  /** Task id to its engine's handle, for every task launched. */
  private static Map<String, String> launchedTasks() throws SQLException {
    Map<String, String> launched = new HashMap<>();
    query("select id, handle from task where handle is not null", rs -> launched.put(rs.getString(1), rs.getString(2)));
    return launched;
  }

  /** Task id to the id of its podman container, for every container this installation made. */
  private static Map<String, String> containers() throws SQLException {
    String[] installation = {null};
    query("select id::text from installation", rs -> installation[0] = rs.getString(1));
    Map<String, String> byTask = new HashMap<>();
    for (String line : podman("ps", "-a", "--filter", "label=dev.atrium.installation=" + installation[0], "--format", "{{.ID}} {{index .Labels \"dev.atrium.task\"}}").lines().toList()) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        assertThat(byTask.put(parts[1], parts[0])).as("a second container for task " + parts[1]).isNull();
      }
    }
    return byTask;
  }

  private static final String LOCK_SESSION =
      "from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and l.classid::bigint = "
          + (Reconciler.LEADER_LOCK >>> 32) + " and l.objid::bigint = " + (Reconciler.LEADER_LOCK & 0xffffffffL);

  private static boolean terminateLockSession() throws SQLException {
    boolean[] terminated = {false};
    query("select pg_terminate_backend(l.pid) " + LOCK_SESSION, rs -> terminated[0] = rs.getBoolean(1));
    return terminated[0];
  }

  /** The PostgreSQL backend holding the reconciler's lock, 0 if none. */
  private static int lockSession() {
    try {
      int[] pid = {0};
      query("select l.pid " + LOCK_SESSION, rs -> pid[0] = rs.getInt(1));
      return pid[0];
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The process id of the replica holding the reconciler's lock, from its session's name; 0 if none. */
  private static long lockHolder() {
    try {
      long[] pid = {0};
      query("select a.application_name " + LOCK_SESSION, rs -> {
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("^atrium leader pid (\\d+) on .*$").matcher(rs.getString(1));
        pid[0] = name.matches() ? Long.parseLong(name.group(1)) : -1;
      });
      return pid[0];
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every line is one JSON object (ECS), and a request's lines say which request, who and which tenant. */
  private static void assertJsonLogsCarryTheRequest(Replica replica) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(replica.log())) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).as("JSON log lines of " + replica.name).isNotEmpty();
    assertThat(lines).allMatch(line -> line.has("@timestamp") && line.at("/log/level").isTextual() && line.has("message"));
    assertThat(lines).as("a line written while serving ada's request for tenant acme")
        .anyMatch(line -> line.at("/request/id").isTextual() && line.at("/user/id").isTextual() && "acme".equals(line.path("tenant").asText()));
  }

  private static void awaitOneLeader(Replica a, Replica b) throws InterruptedException {
    await(Duration.ofSeconds(10), () -> a.leads() ^ b.leads(), "exactly one of the two leads");
  }

  private static long running(String workload) {
    try {
      return ints("select count(*) from task where state = 'RUNNING' and workload_id = '" + UUID.fromString(workload) + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
    Instant until = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("Not within " + within + ": " + what);
      }
      Thread.sleep(100); // other processes' progress: polled, there is no hook into them
    }
  }

  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(String sql, Row row) throws SQLException {
    try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        row.read(rs);
      }
    }
  }

  private static long ints(String sql) throws SQLException {
    long[] value = {0};
    query(sql, rs -> value[0] = rs.getLong(1));
    return value[0];
  }

  /** As PostgreSQL's superuser, which row-level security does not hide rows from. */
  private static Connection superuser() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE, "postgres", "");
  }

  private static String podman(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("podman"));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
