package dev.atrium.cluster.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every driver must do, run against each of them: start a task and report it RUNNING, find it
 * again on a second launch, report a finished job, and make a killed task vanish.
 */
public abstract class ClusterDriverContract {

  protected static final String INSTALLATION = "contract-" + UUID.randomUUID();
  protected static final String POOL = "contract";

  protected abstract ClusterDriver driver();

  /** A launch of a long-running service, or of a job that ends by itself after about a second. */
  protected abstract TaskLaunch launch(UUID taskId, boolean shortJob);

  private final java.util.List<String> started = new java.util.ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(driver()::kill);
  }

  @Test
  void aLaunchedTaskIsObservedRunning() throws Exception {
    String handle = start(launch(UUID.randomUUID(), false));

    Observation seen = awaitPhase(handle, o -> o.phase() == Observation.Phase.RUNNING);
    assertThat(seen.phase()).isEqualTo(Observation.Phase.RUNNING);
  }

  @Test
  void launchingTheSameTaskTwiceStartsItOnce() throws Exception {
    TaskLaunch launch = launch(UUID.randomUUID(), false);
    String first = start(launch);
    String second = start(launch);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aJobThatEndsIsObservedSucceeded() throws Exception {
    String handle = start(launch(UUID.randomUUID(), true));
    Observation seen = awaitPhase(handle, o -> o.phase() == Observation.Phase.SUCCEEDED);
    assertThat(seen.phase()).isEqualTo(Observation.Phase.SUCCEEDED);
  }

  @Test
  void aKilledTaskVanishes() throws Exception {
    String handle = start(launch(UUID.randomUUID(), false));
    awaitPhase(handle, o -> o.phase() == Observation.Phase.RUNNING);

    driver().kill(handle);

    assertThat(driver().observe(List.of(handle))).doesNotContainKey(handle);
  }

  @Test
  void anUnknownHandleIsReportedAsVanished() throws Exception {
    assertThat(driver().observe(List.of("no-such-handle"))).isEmpty();
  }

  @Test
  void anEngineThatKeepsTasksListsThisPoolOfThisInstallationOnly() throws Exception {
    assumeTrue(driver() instanceof Inventory, "nothing runs in this engine without Atrium");
    Inventory inventory = (Inventory) driver();
    UUID task = UUID.randomUUID();
    String handle = start(launch(task, false));

    assertThat(inventory.managedTasks(INSTALLATION, POOL)).containsEntry(handle, task);
    assertThat(inventory.managedTasks("another-installation", POOL)).doesNotContainKey(handle);
    assertThat(inventory.managedTasks(INSTALLATION, "another-pool")).as("another pool on the same engine").doesNotContainKey(handle);
  }

  @Test
  void theDriverOffersNodesWithCapacity() {
    assertThat(driver().nodes()).isNotEmpty().allSatisfy(n -> {
      assertThat(n.cpuMillis()).isPositive();
      assertThat(n.memoryMiB()).isPositive();
    });
  }

  protected String start(TaskLaunch launch) throws DriverException {
    String handle = driver().launch(launch);
    started.add(handle);
    return handle;
  }

  /**
   * Moves the engine one step on, for engines without controllers of their own (the Kubernetes mock
   * server stores objects but runs nothing); real engines and the simulation do this themselves.
   */
  protected void engineProgresses(String handle) {}

  protected Observation awaitPhase(String handle, Predicate<Observation> wanted) throws Exception {
    Observation last = null;
    for (int i = 0; i < 150; i++) {
      engineProgresses(handle);
      last = driver().observe(List.of(handle)).get(handle);
      if (last != null && wanted.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task " + handle + " never reached the wanted phase; last seen: " + last);
  }

  protected static TaskLaunch launch(UUID id, String image, List<String> command, boolean job, Integer seconds) {
    return new TaskLaunch(INSTALLATION, POOL, id, "contract", "contract-" + id.toString().substring(0, 8), "node", image, command, Map.of("MODE", "test"), 100, 64, 0, job, seconds, null, java.util.List.of());
  }
}
