package dev.atrium.cluster.driver.sim;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
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
 */
public final class SimDriver implements ClusterDriver {

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
        id -> String.join("|", id.toString(), launch.node(), Long.toString(clock.millis()), Long.toString(durationMillis)));
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
      if (parts.length != 4 || killed.contains(handle) || downNodes.contains(parts[1])) {
        continue;
      }
      long started = Long.parseLong(parts[2]);
      long duration = Long.parseLong(parts[3]);
      long runningAt = started + settings.startDelay().toMillis();
      if (now < runningAt) {
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
