package dev.atrium.cluster.reconciler;

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
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Launches a pool's STAGING tasks that the engine does not run yet (also those a crash cut short:
 * launches are idempotent per task, so nothing starts twice). Right before each launch the task is
 * checked to be still STAGING, so that a workload deleted while its launches are under way stops
 * launching at once: tasks this portal ended meanwhile are known from their {@link TaskEnded} event,
 * those another replica ended from reading their states again at least every second. Handles are written down in chunks, each in one transaction, and only for tasks
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
  /** How old that reading may be: engines that launch slowly read it again more often. */
  private static final long CHECK_VALID_MILLIS = 1000;

  private final TaskStore tasks;
  private final WorkloadStore workloads;
  private final Fleet fleet;
  private final SystemWork work;
  private final Clock clock;
  private final TaskEnds ends;
  private final VersionStore versions;

  LaunchStep(TaskStore tasks, WorkloadStore workloads, VersionStore versions, Fleet fleet, SystemWork work, Clock clock, TaskEnds ends) {
    this.versions = versions;
    this.tasks = tasks;
    this.workloads = workloads;
    this.fleet = fleet;
    this.work = work;
    this.clock = clock;
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
    Map<String, Optional<WorkloadSpec>> specs = new HashMap<>();
    Map<UUID, String> launched = new LinkedHashMap<>();
    endpoints.clear();
    Set<UUID> launchable = Set.of();
    long checkedAt = 0;
    for (int i = 0; i < staged.size(); i++) {
      Task task = staged.get(i);
      if (endedMeanwhile.contains(task.id())) {
        continue;
      }
      if (!launchable.contains(task.id()) || clock.millis() - checkedAt > CHECK_VALID_MILLIS) {
        List<UUID> next = staged.subList(i, Math.min(staged.size(), i + CHECKED_AT_ONCE)).stream().map(Task::id).toList();
        launchable = work.inTransaction("check tasks before launch", () -> tasks.stillToLaunch(next));
        checkedAt = clock.millis();
        if (!launchable.contains(task.id())) {
          continue; // ended (killed, scaled down) since the round began
        }
      }
      Optional<WorkloadSpec> spec =
          specs.computeIfAbsent(task.workloadId() + "/" + task.version(), key -> work.inTransaction("read workload", () -> specOf(task)));
      if (spec.isEmpty()) {
        continue;
      }
      try {
        String handle = driver.launch(launchOf(task, spec.get()));
        launched.put(task.id(), handle);
        if (spec.get().ports() != null && !spec.get().ports().isEmpty()) {
          endpoints.put(task.id(), endpointsOf(driver, handle, spec.get()));
        }
      } catch (DriverException e) {
        log.info("Launch of task {} on {} failed: {}", task.id(), task.nodeId(), e.getMessage());
        boolean service = spec.get().kind() == WorkloadKind.SERVICE;
        work.inTransaction("end a task whose launch failed", () -> ends.end(ends.holds(), task, TaskState.FAILED, "launch failed: " + e.getMessage(), service));
      }
      if (launched.size() >= LAUNCHES_PER_COMMIT) {
        record(launched, driver);
      }
    }
    record(launched, driver);
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
