package dev.atrium.cluster.workload;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Inventory;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the engines and the database together, one round at a time on one thread:
 *
 * <ol>
 *   <li>places PENDING tasks as capacity frees, tenants with the smallest dominant share first (DRF),
 *       first come first within a tenant;
 *   <li>launches placed tasks the engines do not run yet (also those cut short by a crash: launches
 *       are idempotent per task, so nothing starts twice);
 *   <li>observes what runs: STAGING → RUNNING, ends (SERVICE tasks restart with backoff), and LOST
 *       for what vanished.
 * </ol>
 *
 * Only one reconciler acts at a time when several portals share a database: the one holding a
 * PostgreSQL advisory lock on its own connection. If that connection dies, another takes over.
 */
@Component
public class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  static final long LEADER_LOCK = 0x41_74_72_69_75_6dL; // "Atrium"
  /** Launched tasks whose handles are written down in one transaction. */
  static final int LAUNCHES_PER_COMMIT = 500;
  private static final int PLACE_PER_ROUND = 2000;

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final Lifecycle lifecycle;
  private final Fleet fleet;
  private final RowScope scope;
  private final TransactionTemplate transaction;
  private final DataSource dataSource;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconciler");
        t.setDaemon(true);
        return t;
      });
  private Connection leadership;
  private volatile boolean automatic;

  Reconciler(
      TaskStore tasks,
      WorkloadStore workloads,
      Lifecycle lifecycle,
      Fleet fleet,
      RowScope scope,
      TransactionTemplate transaction,
      DataSource dataSource) {
    this.tasks = tasks;
    this.workloads = workloads;
    this.lifecycle = lifecycle;
    this.fleet = fleet;
    this.scope = scope;
    this.transaction = transaction;
    this.dataSource = dataSource;
  }

  /** Starts rounds every {@code intervalMillis}. */
  public void start(long intervalMillis) {
    automatic = true;
    thread.scheduleWithFixedDelay(this::safeRound, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  public void stop() {
    thread.shutdownNow();
    releaseLeadership();
  }

  /**
   * Runs a round soon, e.g. after new tasks were placed. A portal whose reconciler is not running
   * does not reconcile at all: then this does nothing, and the running reconciler's next round
   * picks the tasks up.
   */
  public void wake() {
    if (automatic) {
      thread.execute(this::safeRound);
    }
  }

  void run(Runnable work) {
    thread.execute(work);
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException e) {
      log.warn("Reconciler round failed; the next one retries: {}", e.toString());
    }
  }

  /**
   * One round; public so that tests and benchmarks can drive it step by step. A round driven by hand
   * gives the leadership back when it ends; a running reconciler keeps it.
   */
  public synchronized boolean round() {
    if (!leading()) {
      return false;
    }
    try {
      act();
    } finally {
      if (!automatic) {
        releaseLeadership();
      }
    }
    return true;
  }

  private void act() {
    placePending();
    for (Map.Entry<String, ClusterDriver> pool : fleet.drivers().entrySet()) {
      if (pool.getValue().unavailableReason().isEmpty()) {
        launchStaged(pool.getKey(), pool.getValue());
        observe(pool.getKey(), pool.getValue());
        removeOrphans(pool.getKey(), pool.getValue());
      }
    }
  }

  private void placePending() {
    transaction.executeWithoutResult(
        status -> {
          scope.platform(Actor.SYSTEM, "place pending tasks");
          List<Task> pending = tasks.pending(PLACE_PER_ROUND);
          if (pending.isEmpty()) {
            return;
          }
          Resources fleetSize = fleet.totalCapacity();
          Map<UUID, Resources> held = new HashMap<>(tasks.allocationByTenant());
          Map<UUID, List<Task>> byTenant = pending.stream().collect(Collectors.groupingBy(Task::tenantId));
          PriorityQueue<UUID> fairest =
              new PriorityQueue<>(
                  Comparator.comparingDouble(
                      (UUID tenant) -> held.getOrDefault(tenant, Resources.NONE).dominantShareOf(fleetSize)));
          fairest.addAll(byTenant.keySet());
          while (!fairest.isEmpty()) {
            UUID tenant = fairest.poll();
            Task next = byTenant.get(tenant).remove(0);
            if (lifecycle.place(next)) {
              held.merge(tenant, next.resources(), Resources::plus);
            }
            if (!byTenant.get(tenant).isEmpty()) {
              fairest.add(tenant);
            }
          }
        });
  }

  /**
   * Launches the pool's staged tasks. Handles are written down in chunks, each in one transaction: a
   * crash between a launch and its chunk's commit is covered by adoption, which finds the container by
   * its labels instead of starting another.
   */
  private void launchStaged(String pool, ClusterDriver driver) {
    List<Task> staged = inPlatformScope(() -> tasks.staged(pool));
    Map<UUID, Optional<WorkloadStore.Row>> workloadsOfRound = new HashMap<>();
    Map<UUID, String> launched = new LinkedHashMap<>();
    for (Task task : staged) {
      Optional<WorkloadStore.Row> workload =
          workloadsOfRound.computeIfAbsent(task.workloadId(), id -> inPlatformScope(() -> workloads.find(id)));
      if (workload.isEmpty()) {
        continue;
      }
      try {
        launched.put(task.id(), driver.launch(launchOf(task, workload.get().spec())));
      } catch (DriverException e) {
        log.info("Launch of task {} on {} failed: {}", task.id(), task.nodeId(), e.getMessage());
        inPlatformScope(() -> {
          lifecycle.end(task, TaskState.FAILED, e.getMessage(), false);
          return null;
        });
      }
      if (launched.size() >= LAUNCHES_PER_COMMIT) {
        recordLaunched(launched);
      }
    }
    recordLaunched(launched);
  }

  private void recordLaunched(Map<UUID, String> launched) {
    if (!launched.isEmpty()) {
      inPlatformScope(() -> {
        launched.forEach(tasks::launched);
        return null;
      });
      launched.clear();
    }
  }

  private TaskLaunch launchOf(Task task, WorkloadSpec spec) {
    String node = task.nodeId().substring(task.nodeId().indexOf('/') + 1);
    return new TaskLaunch(
        fleet.installation(),
        task.id(),
        task.tenantId().toString(),
        spec.name(),
        node,
        spec.image(),
        spec.command(),
        spec.env(),
        spec.resources().cpuMillis(),
        spec.resources().memoryMiB(),
        spec.resources().gpus(),
        spec.kind() != WorkloadKind.SERVICE,
        spec.durationSeconds());
  }

  private void observe(String pool, ClusterDriver driver) {
    List<Task> live = inPlatformScope(() -> tasks.launchedAndLive(pool));
    if (live.isEmpty()) {
      return;
    }
    Map<String, Observation> seen;
    try {
      seen = driver.observe(live.stream().map(Task::handle).toList());
    } catch (DriverException e) {
      log.warn("Cannot observe pool {}: {}", pool, e.getMessage());
      return;
    }
    inPlatformScope(
        () -> {
          Map<UUID, WorkloadKind> kinds = new HashMap<>();
          for (Task task : live) {
            Observation now = seen.get(task.handle());
            boolean service =
                kinds.computeIfAbsent(task.workloadId(), id -> workloads.find(id).map(w -> w.spec().kind()).orElse(null))
                    == WorkloadKind.SERVICE;
            if (now == null) {
              lifecycle.end(task, TaskState.LOST, "vanished from pool " + pool, false);
            } else if (now.phase() == Observation.Phase.RUNNING && task.state() == TaskState.STAGING) {
              lifecycle.started(task);
            } else if (now.phase() == Observation.Phase.SUCCEEDED) {
              lifecycle.end(task, service ? TaskState.FAILED : TaskState.FINISHED, service ? "exited" : null, service);
            } else if (now.phase() == Observation.Phase.FAILED) {
              lifecycle.end(task, TaskState.FAILED, now.reason(), service);
            }
          }
          return null;
        });
  }

  /**
   * Removes what this installation left in the engine that no live task owns: containers of ended
   * tasks, and any a crash left behind for a task that ended meanwhile.
   */
  private void removeOrphans(String pool, ClusterDriver driver) {
    if (!(driver instanceof Inventory inventory)) {
      return;
    }
    try {
      Map<String, UUID> managed = inventory.managedTasks(fleet.installation());
      if (managed.isEmpty()) {
        return;
      }
      java.util.Set<UUID> live = inPlatformScope(() -> tasks.liveIds(pool));
      managed.forEach((handle, task) -> {
        if (!live.contains(task)) {
          driver.kill(handle);
        }
      });
    } catch (DriverException e) {
      log.warn("Cannot list what pool {} runs: {}", pool, e.getMessage());
    }
  }

  private <T> T inPlatformScope(java.util.function.Supplier<T> work) {
    return transaction.execute(
        status -> {
          scope.platform(Actor.SYSTEM, "reconcile");
          return work.get();
        });
  }

  private boolean leading() {
    try {
      if (leadership != null && leadership.isValid(2)) {
        return true;
      }
      releaseLeadership();
      Connection connection = dataSource.getConnection();
      var result = connection.createStatement().executeQuery("select pg_try_advisory_lock(" + LEADER_LOCK + ")");
      result.next();
      if (result.getBoolean(1)) {
        leadership = connection;
        log.info("This portal now runs the reconciler");
        return true;
      }
      connection.close();
      return false;
    } catch (SQLException e) {
      log.warn("Cannot take the reconciler's lock: {}", e.getMessage());
      return false;
    }
  }

  private void releaseLeadership() {
    if (leadership != null) {
      // The connection goes back to a pool and lives on: unlock explicitly, or the lock lives on too.
      try (Connection connection = leadership) {
        connection.createStatement().execute("select pg_advisory_unlock(" + LEADER_LOCK + ")");
      } catch (SQLException ignored) {
        // a broken connection takes its session, and the lock, with it
      }
      leadership = null;
    }
  }
}
