package dev.atrium.cluster.driver.stub;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Inventory;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An engine for tests of the reconciler's failure branches, with switches a test flips: fail the
 * next launch, run a hook before each launch, refuse to observe, vanish a node, end a task. Tasks
 * run as soon as they are launched. Not a product driver: the {@code sim} driver is that.
 */
public final class StubDriver implements ClusterDriver, Inventory {

  private final List<NodeSpec> nodes = new CopyOnWriteArrayList<>();
  private final Map<String, Launched> running = new ConcurrentHashMap<>();
  private final List<UUID> launches = new CopyOnWriteArrayList<>();
  private volatile String failNextLaunch;
  private volatile boolean refuseObserve;
  private volatile Consumer<TaskLaunch> beforeLaunch = launch -> {};
  private volatile int launchParallelism = 1;

  private record Launched(TaskLaunch launch, Observation seen) {}

  public StubDriver(int nodeCount, long cpuMillis, long memoryMiB) {
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(new NodeSpec("stub-" + i, cpuMillis, memoryMiB, 0, Map.of()));
    }
  }

  /** The next launch fails with the engine's {@code message}. */
  public void failNextLaunch(String message) {
    failNextLaunch = message;
  }

  /** Runs {@code hook} before each launch, e.g. to change the database while launches are under way. */
  public void beforeLaunch(Consumer<TaskLaunch> hook) {
    beforeLaunch = hook;
  }

  /** How many launches the reconciler may run at once here. */
  public void launchParallelism(int launches) {
    launchParallelism = launches;
  }

  @Override
  public int launchParallelism() {
    return launchParallelism;
  }

  public void refuseObserve(boolean refuse) {
    refuseObserve = refuse;
  }

  /** The node leaves the engine with everything on it. */
  public void vanishNode(String name) {
    nodes.removeIf(n -> n.name().equals(name));
    running.values().removeIf(t -> t.launch().node().equals(name));
  }

  /** A node joins the engine (or comes back). */
  public void addNode(String name, long cpuMillis, long memoryMiB) {
    nodes.removeIf(n -> n.name().equals(name));
    nodes.add(new NodeSpec(name, cpuMillis, memoryMiB, 0, Map.of()));
  }

  /** The task's container exits with {@code code}. */
  public void exit(UUID task, int code) {
    running.computeIfPresent(handle(task), (h, t) ->
        new Launched(t.launch(), code == 0 ? new Observation(Observation.Phase.SUCCEEDED, null) : new Observation(Observation.Phase.FAILED, "exited with code " + code)));
  }

  /** Every task id launched so far, in order. */
  public List<UUID> launches() {
    return List.copyOf(launches);
  }

  @Override
  public List<NodeSpec> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public String launch(TaskLaunch launch) throws DriverException {
    beforeLaunch.accept(launch);
    String failure = failNextLaunch;
    if (failure != null) {
      failNextLaunch = null;
      throw new DriverException(failure);
    }
    launches.add(launch.taskId());
    running.putIfAbsent(handle(launch.taskId()), new Launched(launch, Observation.running()));
    return handle(launch.taskId());
  }

  @Override
  public void kill(String handle) {
    running.remove(handle);
  }

  @Override
  public Map<String, Observation> observe(Collection<String> handles) throws DriverException {
    if (refuseObserve) {
      throw new DriverException("stub engine refuses to answer");
    }
    Map<String, Observation> seen = new HashMap<>();
    handles.forEach(h -> {
      Launched task = running.get(h);
      if (task != null) {
        seen.put(h, task.seen());
      }
    });
    return seen;
  }

  @Override
  public Map<String, UUID> managedTasks(String installation, String pool) {
    Map<String, UUID> managed = new HashMap<>();
    running.forEach((handle, task) -> {
      if (task.launch().installation().equals(installation) && task.launch().pool().equals(pool)) {
        managed.put(handle, task.launch().taskId());
      }
    });
    return managed;
  }

  private static String handle(UUID task) {
    return "stub/" + task;
  }
}
