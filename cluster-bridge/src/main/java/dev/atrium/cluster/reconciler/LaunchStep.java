package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.version.VersionStore;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskEnded;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.cluster.workload.WorkloadStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Launches a pool's STAGING tasks that the engine does not run yet (also those a crash cut short:
 * launches are idempotent per task, so nothing starts twice). Right before each launch the task is
 * checked to be still STAGING, so that a workload deleted while its launches are under way stops
 * launching at once: tasks this portal ended meanwhile are known from their {@link TaskEnded} event,
 * those another replica ended from reading their states again right before each few launches. Engines
 * that take several launches at once ({@link ClusterDriver#launchParallelism}) get that many in
 * parallel, each task once per round (rounds never overlap). Handles are written down in chunks, each in one transaction, and only for tasks
 * still STAGING; a container whose task ended meanwhile is stopped again, and a crash between a launch
 * and its chunk's commit is covered by adoption, which finds the container by its name.
 */
@Component
class LaunchStep {

  private static final Logger log = LoggerFactory.getLogger(LaunchStep.class);
  /** Launched tasks whose handles are written down in one transaction. */
  static final int LAUNCHES_PER_COMMIT = 500;
  /** Tasks whose state is read back in one query before they are launched. */
  private static final int CHECKED_AT_ONCE = 100;

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final Fleet fleet;
  private final SystemWork work;
  private final TaskEnds ends;
  private final VersionStore versions;
  private final ClusterMetrics metrics;

  LaunchStep(
      TaskStore tasks, WorkloadStore workloads, VersionStore versions, Fleet fleet, SystemWork work, TaskEnds ends, ClusterMetrics metrics) {
    this.metrics = metrics;
    this.versions = versions;
    this.tasks = tasks;
    this.workloads = workloads;
    this.fleet = fleet;
    this.work = work;
    this.ends = ends;
  }

  /** Where the ports of the tasks launched this round are reached, until recorded with their handles. */
  private final Map<UUID, Map<String, String>> endpoints = new HashMap<>();

  /** Tasks that ended since this step last read what is staged. */
  private final Set<UUID> endedMeanwhile = ConcurrentHashMap.newKeySet();

  @TransactionalEventListener
  public void ended(TaskEnded ended) {
    endedMeanwhile.add(ended.taskId());
  }

  void run(String pool, ClusterDriver driver) {
    endedMeanwhile.clear();
    List<Task> staged = work.inTransaction("launch staged tasks", () -> tasks.staged(pool));
    if (staged.isEmpty()) {
      return;
    }
    Map<String, Optional<WorkloadSpec>> specs = new HashMap<>();
    Map<UUID, String> launched = new LinkedHashMap<>();
    endpoints.clear();
    int parallel = Math.max(1, driver.launchParallelism());
    // Checked just before launching, a few launches' worth at a time when they are slow.
    int chunk = parallel == 1 ? CHECKED_AT_ONCE : parallel * 2;
    ExecutorService launcher = parallel == 1 ? null : Executors.newFixedThreadPool(parallel, LaunchStep::launcherThread);
    try {
      for (int from = 0; from < staged.size(); from += chunk) {
        List<Task> next = staged.subList(from, Math.min(staged.size(), from + chunk)).stream().filter(t -> !endedMeanwhile.contains(t.id())).toList();
        Set<UUID> launchable = next.isEmpty() ? Set.of() : work.inTransaction("check tasks before launch", () -> tasks.stillToLaunch(next.stream().map(Task::id).toList()));
        Map<Task, WorkloadSpec> launches = new LinkedHashMap<>();
        for (Task task : next) {
          if (launchable.contains(task.id())) { // else ended (killed, scaled down) since the round began
            specs.computeIfAbsent(task.workloadId() + "/" + task.version(), key -> work.inTransaction("read workload", () -> specOf(task)))
                .ifPresent(spec -> launches.put(task, spec));
          }
        }
        RuntimeException unexpected = null;
        for (Map.Entry<Task, Outcome> launch : launchAll(pool, launches, driver, launcher).entrySet()) {
          RuntimeException error = settle(launch.getKey(), launches.get(launch.getKey()), launch.getValue(), launched, driver);
          unexpected = error != null ? error : unexpected;
        }
        if (unexpected != null) {
          throw unexpected; // what did start is recorded below; the rest is launched next round
        }
        if (launched.size() >= LAUNCHES_PER_COMMIT) {
          record(launched, driver);
        }
      }
    } finally {
      record(launched, driver);
      if (launcher != null) {
        launcher.shutdownNow();
      }
    }
  }

  /**
   * Takes a launch's outcome in: a handle to record, or a refusal that fails the task; an error of
   * another kind is handed back for the caller to throw once the chunk is settled.
   */
  private RuntimeException settle(Task task, WorkloadSpec spec, Outcome outcome, Map<UUID, String> launched, ClusterDriver driver) {
    if (outcome.handle() != null) {
      launched.put(task.id(), outcome.handle());
      if (spec.ports() != null && !spec.ports().isEmpty()) {
        endpoints.put(task.id(), endpointsOf(driver, outcome.handle(), spec));
      }
    } else if (outcome.refused() != null) {
      log.info("Launch of task {} on {} failed: {}", task.id(), task.nodeId(), outcome.refused().getMessage());
      boolean service = spec.kind() == WorkloadKind.SERVICE;
      work.inTransaction("end a task whose launch failed",
          () -> ends.end(ends.holds(), task, TaskState.FAILED, "launch failed: " + outcome.refused().getMessage(), service));
    }
    return outcome.error();
  }

  /** A launch's handle, or why the engine refused it, or an error of another kind. */
  private record Outcome(String handle, DriverException refused, RuntimeException error) {}

  /**
   * Launches each task once, {@code launcher}'s threads at a time (or one after another without one),
   * skipping those that ended meanwhile; the outcomes in the tasks' order, once every launch is done.
   */
  private Map<Task, Outcome> launchAll(String pool, Map<Task, WorkloadSpec> launches, ClusterDriver driver, ExecutorService launcher) {
    Map<Task, Future<Outcome>> pending = new LinkedHashMap<>();
    launches.forEach((task, spec) -> {
      Callable<Outcome> launch = () -> {
        if (endedMeanwhile.contains(task.id())) {
          return null;
        }
        try {
          return new Outcome(driver.launch(launchOf(task, spec)), null, null);
        } catch (DriverException e) {
          return new Outcome(null, e, null);
        } catch (RuntimeException e) {
          return new Outcome(null, null, e);
        }
      };
      pending.put(task, launcher == null ? done(launch) : launcher.submit(launch));
    });
    Map<Task, Outcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<Task, Future<Outcome>> launch : pending.entrySet()) {
      Outcome outcome;
      try {
        outcome = launch.getValue().get();
      } catch (ExecutionException e) {
        outcome = new Outcome(null, null, new IllegalStateException(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcome = new Outcome(null, null, new IllegalStateException("interrupted while launching", e));
      }
      if (outcome != null) {
        if (outcome.handle() == null) {
          metrics.driverError(pool);
        }
        outcomes.put(launch.getKey(), outcome);
      }
    }
    return outcomes;
  }

  /** The launch run here and now, for engines that take one at a time. */
  private static Future<Outcome> done(Callable<Outcome> launch) {
    try {
      return java.util.concurrent.CompletableFuture.completedFuture(launch.call());
    } catch (Exception e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private static Thread launcherThread(Runnable r) {
    Thread t = new Thread(r, "launcher");
    t.setDaemon(true);
    return t;
  }

  private void record(Map<UUID, String> launched, ClusterDriver driver) {
    if (launched.isEmpty()) {
      return;
    }
    Map<UUID, String> unrecorded =
        work.inTransaction(
            "record launches",
            () -> {
              Map<UUID, String> left = new LinkedHashMap<>(launched);
              left.keySet().removeIf(task -> tasks.launched(task, launched.get(task), endpoints.getOrDefault(task, Map.of())));
              return left;
            });
    if (!unrecorded.isEmpty()) {
      // Those whose tasks ended while they started are stopped again; the others are found and
      // recorded by a later round.
      Set<UUID> stillStaged = work.inTransaction("check unrecorded launches", () -> tasks.stillToLaunch(unrecorded.keySet()));
      unrecorded.forEach((task, handle) -> {
        if (!stillStaged.contains(task)) {
          driver.kill(handle);
        }
      });
    }
    launched.clear();
  }

  /** The workload's spec as the task's version has it: a task keeps running the version it was made with. */
  private Optional<WorkloadSpec> specOf(Task task) {
    return workloads.find(task.tenantId(), task.workloadId())
        .flatMap(row -> row.rollout().version() == task.version()
            ? Optional.of(row.spec())
            : versions.find(row.id(), task.version()).map(v -> row.spec().with(v.template())));
  }

  /** Where the task's ports are reached; none if the engine cannot say now (the task runs all the same). */
  private static Map<String, String> endpointsOf(ClusterDriver driver, String handle, WorkloadSpec spec) {
    try {
      return driver.endpoints(handle, spec.ports());
    } catch (RuntimeException e) {
      log.info("Endpoints of {} unknown: {}", handle, e.getMessage());
      return Map.of();
    }
  }

  private TaskLaunch launchOf(Task task, WorkloadSpec spec) {
    String node = Node.nameOf(task.nodeId());
    return new TaskLaunch(
        fleet.installation(),
        task.pool(),
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
        spec.durationSeconds(),
        spec.healthCheck() == null ? null : spec.healthCheck().normalised(),
        spec.ports() == null ? List.of() : spec.ports());
  }
}
