package dev.atrium.cluster.driver.sim;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.health.HealthCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated fleet, like Kubernetes' KWOK: nodes that exist only as numbers and tasks that start
 * nothing. A task is RUNNING {@code startDelay} after launch; a job SUCCEEDS after its declared
 * duration. The handle carries the launch time and duration, so a restarted Atrium re-adopts every
 * simulated task it had; only a kill or a node taken down makes one vanish.
 *
 * <p>Health checks are simulated too, for tests and demos: a check whose command is {@code false}
 * or says {@code exit 1} always fails, and a task whose env has {@value #UNHEALTHY_AFTER} fails its
 * checks from that many seconds after it started; every other check passes at once. A task is
 * UNHEALTHY once its threshold of failed checks, an interval apart, is reached after its grace.
 */
public final class SimDriver implements ClusterDriver {

  /** Env variable of a simulated task: its health checks fail from this many seconds after it started. */
  public static final String UNHEALTHY_AFTER = "ATRIUM_SIM_UNHEALTHY_AFTER_SECONDS";

  private final SimSettings settings;
  private final Clock clock;
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private final Map<java.util.UUID, String> launched = new ConcurrentHashMap<>();
  private final Set<String> downNodes = ConcurrentHashMap.newKeySet();

  public SimDriver(SimSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<NodeSpec> nodes() {
    List<NodeSpec> nodes = new ArrayList<>(settings.nodes());
    for (int i = 0; i < settings.nodes(); i++) {
      boolean gpu = i >= settings.nodes() - settings.gpuNodes();
      nodes.add(
          new NodeSpec(
              String.format("sim-%05d", i),
              settings.cpuMillis(),
              settings.memoryMiB(),
              gpu ? settings.gpusPerNode() : 0,
              gpu ? Map.of("gpu", "true", "zone", zone(i)) : Map.of("zone", zone(i))));
    }
    return nodes;
  }

  @Override
  public String launch(TaskLaunch launch) {
    long durationMillis = launch.runsToCompletion() && launch.durationSeconds() != null ? launch.durationSeconds() * 1000L : 0;
    return launched.computeIfAbsent(
        launch.taskId(),
        id -> String.join("|", id.toString(), launch.node(), Long.toString(clock.millis()), Long.toString(durationMillis))
            + health(launch));
  }

  /** "|healthyAt,unhealthyAt" in milliseconds after the task runs (-1: never), or nothing without a check. */
  private static String health(TaskLaunch launch) {
    HealthCheck check = launch.healthCheck();
    if (check == null) {
      return "";
    }
    String command = check.command() == null ? "" : String.join(" ", check.command()).trim();
    boolean alwaysFails = command.equals("false") || command.matches(".*\\bexit\\s+1\\b.*");
    long failsFrom = alwaysFails ? 0 : failsAfter(launch) * 1000;
    long unhealthyAt =
        failsFrom < 0 ? -1 : Math.max(failsFrom, check.gracePeriodSeconds() * 1000L) + (long) check.failureThreshold() * check.intervalSeconds() * 1000L;
    return "|" + (alwaysFails ? -1 : 0) + "," + unhealthyAt;
  }

  private static long failsAfter(TaskLaunch launch) {
    try {
      return Long.parseLong(launch.env().getOrDefault(UNHEALTHY_AFTER, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void kill(String handle) {
    killed.add(handle);
    launched.values().remove(handle);
  }

  @Override
  public Map<String, Observation> observe(Collection<String> handles) {
    long now = clock.millis();
    Map<String, Observation> seen = new HashMap<>();
    for (String handle : handles) {
      String[] parts = handle.split("\\|");
      if (parts.length < 4 || killed.contains(handle) || downNodes.contains(parts[1])) {
        continue;
      }
      long started = Long.parseLong(parts[2]);
      long duration = Long.parseLong(parts[3]);
      long runningAt = started + settings.startDelay().toMillis();
      long healthyAt = parts.length == 5 ? Long.parseLong(parts[4].split(",")[0]) : 0;
      long unhealthyAt = parts.length == 5 ? Long.parseLong(parts[4].split(",")[1]) : -1;
      if (now < runningAt) {
        seen.put(handle, new Observation(Observation.Phase.STARTING, null));
      } else if (unhealthyAt >= 0 && now >= runningAt + unhealthyAt) {
        seen.put(handle, new Observation(Observation.Phase.UNHEALTHY, "simulated: the check failed its threshold of times in a row"));
      } else if (healthyAt < 0 || now < runningAt + healthyAt) {
        seen.put(handle, new Observation(Observation.Phase.STARTING, null));
      } else if (duration > 0 && now >= runningAt + duration) {
        seen.put(handle, new Observation(Observation.Phase.SUCCEEDED, null));
      } else {
        seen.put(handle, Observation.running());
      }
    }
    return seen;
  }

  /** Simulates losing a node: its tasks vanish from the next observation. */
  public void takeDown(String node) {
    downNodes.add(node);
  }

  private static String zone(int i) {
    return "zone-" + (char) ('a' + i % 3);
  }
}
