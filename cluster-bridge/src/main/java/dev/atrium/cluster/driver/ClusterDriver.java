package dev.atrium.cluster.driver;

import dev.atrium.cluster.endpoint.Port;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Atrium needs from an engine that runs containers on a pool of nodes. Deliberately small:
 * everything else (admission, placement, restarts, accounting) is Atrium's own.
 */
public interface ClusterDriver {

  /** The nodes this driver offers, with their capacity and labels. */
  List<NodeSpec> nodes();

  /**
   * Starts the task on its node and returns the engine's handle for it. Idempotent per task id: a
   * second launch of the same task finds the first instead of starting another.
   *
   * @throws DriverException with the engine's own words when it refuses (image missing, engine down)
   */
  String launch(TaskLaunch launch) throws DriverException;

  /** Stops the task and frees what the engine holds for it; unknown handles are ignored. */
  void kill(String handle);

  /**
   * The state of each task the engine still knows. A handle missing from the answer has vanished
   * (its node died, someone removed it).
   */
  Map<String, Observation> observe(Collection<String> handles) throws DriverException;

  /**
   * How many launches the engine takes at once: the reconciler launches a round's tasks this many at a
   * time (1: one after another). Launches of different tasks must be safe to run at the same time.
   */
  default int launchParallelism() {
    return 1;
  }

  /** Why the driver cannot work now (e.g. no container engine), or empty when it can. */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * Where each of a launched task's ports can be reached, by port name ({@code 127.0.0.1:41234}, or a
   * Service's address): empty for an engine that publishes none.
   */
  default Map<String, String> endpoints(String handle, List<Port> ports) {
    return Map.of();
  }

  /** The last lines of a task's output, where the engine keeps them. */
  default List<String> logTail(String handle, int lines) {
    return List.of();
  }
}
