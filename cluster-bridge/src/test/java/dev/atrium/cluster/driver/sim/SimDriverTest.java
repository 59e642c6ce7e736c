package dev.atrium.cluster.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.ClusterDriverContract;
import dev.atrium.cluster.driver.TaskLaunch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimDriverTest extends ClusterDriverContract {

  private final SimDriver sim = new SimDriver(new SimSettings(10, 8000L, 32768L, 2, 2L, Duration.ofMillis(200)), Clock.systemUTC());

  @Override
  protected ClusterDriver driver() {
    return sim;
  }

  @Override
  protected TaskLaunch launch(UUID taskId, boolean shortJob) {
    return launch(taskId, "sim", List.of(), shortJob, shortJob ? 1 : null);
  }

  @Test
  void tasksOnANodeTakenDownVanish() throws Exception {
    String handle = sim.launch(launch(UUID.randomUUID(), false));
    sim.takeDown("node");
    assertThat(sim.observe(List.of(handle))).isEmpty();
  }

  @Test
  void aRestartedAtriumReadoptsSimulatedTasksFromTheirHandles() throws Exception {
    String handle = sim.launch(launch(UUID.randomUUID(), false));
    SimDriver afterRestart = new SimDriver(new SimSettings(10, 8000L, 32768L, 2, 2L, Duration.ZERO), Clock.systemUTC());
    assertThat(afterRestart.observe(List.of(handle))).containsKey(handle);
  }

  @Test
  void aFleetOfTenThousandNodesRunsAHundredThousandTasks() throws Exception {
    SimDriver fleet = new SimDriver(new SimSettings(10_000, 8000L, 32768L, 1000, 2L, Duration.ZERO), Clock.systemUTC());
    List<dev.atrium.cluster.driver.NodeSpec> nodes = fleet.nodes();
    List<String> handles = new java.util.ArrayList<>(100_000);
    for (int i = 0; i < 100_000; i++) {
      TaskLaunch launch = new TaskLaunch(INSTALLATION, "sim", UUID.randomUUID(), "t", "w", nodes.get(i % nodes.size()).name(), "sim", List.of(), java.util.Map.of(), 100, 64, 0, false, null, null, java.util.List.of());
      handles.add(fleet.launch(launch));
    }

    var seen = fleet.observe(handles);

    assertThat(nodes).hasSize(10_000);
    assertThat(seen).hasSize(100_000);
    assertThat(seen.values()).allMatch(o -> o.phase() == dev.atrium.cluster.driver.Observation.Phase.RUNNING);
  }

  @Test
  void theFleetHasItsGpuNodesLabelled() {
    assertThat(sim.nodes()).hasSize(10).filteredOn(n -> n.gpus() == 2).hasSize(2).allSatisfy(n -> assertThat(n.labels()).containsEntry("gpu", "true"));
  }
}
