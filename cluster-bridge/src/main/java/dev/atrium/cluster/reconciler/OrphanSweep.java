package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Inventory;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.workload.TaskStore;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes what this installation left in a pool's engine that no live task owns: containers of ended
 * tasks, and any a crash left behind for a task that ended meanwhile.
 */
@Component
class OrphanSweep {

  private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

  private final TaskStore tasks;
  private final Fleet fleet;
  private final SystemWork work;
  private final ClusterMetrics metrics;

  OrphanSweep(TaskStore tasks, Fleet fleet, SystemWork work, ClusterMetrics metrics) {
    this.metrics = metrics;
    this.tasks = tasks;
    this.fleet = fleet;
    this.work = work;
  }

  void run(String pool, ClusterDriver driver) {
    if (!(driver instanceof Inventory inventory)) {
      return;
    }
    try {
      Map<String, UUID> managed = inventory.managedTasks(fleet.installation(), pool);
      if (managed.isEmpty()) {
        return;
      }
      Set<UUID> live = work.inTransaction("list live tasks", () -> tasks.liveIds(pool));
      managed.forEach((handle, task) -> {
        if (!live.contains(task)) {
          driver.kill(handle);
        }
      });
    } catch (DriverException e) {
      metrics.driverError(pool);
      log.warn("Cannot list what pool {} runs: {}", pool, e.getMessage());
    }
  }
}
