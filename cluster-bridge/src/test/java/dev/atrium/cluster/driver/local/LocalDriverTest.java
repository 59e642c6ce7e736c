package dev.atrium.cluster.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.ClusterDriverContract;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real containers through podman's Docker API (infra/podman/setup.sh prepares the host and the
 * localhost/busybox image; CI runs it). A missing engine fails this test rather than skipping it.
 */
class LocalDriverTest extends ClusterDriverContract {

  static final String BUSYBOX = "localhost/busybox:latest";
  private static LocalDriver local;

  @BeforeAll
  static void connect() {
    local = new LocalDriver(new LocalSettings(null, Path.of("target/podman/podman.sock").toAbsolutePath()));
    assertThat(local.unavailableReason()).as("a container engine for the local pool").isEmpty();
  }

  @Override
  protected ClusterDriver driver() {
    return local;
  }

  @Override
  protected TaskLaunch launch(UUID taskId, boolean shortJob) {
    return launch(taskId, BUSYBOX, shortJob ? List.of("sh", "-c", "sleep 1") : List.of("sleep", "3600"), shortJob, null);
  }

  @Test
  void aMissingImageFailsTheLaunchWithTheEnginesWords() {
    assertThatThrownBy(() -> start(launch(UUID.randomUUID(), "localhost/no-such-image:1", List.of("true"), true, null)))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("no-such-image");
  }

  @Test
  void aContainerThatCannotStartFailsTheLaunchWithTheEnginesWordsAndIsRemoved() throws Exception {
    UUID task = UUID.randomUUID();

    assertThatThrownBy(() -> start(launch(task, BUSYBOX, List.of("/nonexistent"), true, null)))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("/nonexistent");
    assertThat(local.managedTasks(INSTALLATION, POOL)).as("nothing left created but not started").doesNotContainValue(task);
  }

  @Test
  void aFailingCommandIsObservedFailedWithItsExitCodeAndItsOutputCanBeRead() throws Exception {
    String handle = start(launch(UUID.randomUUID(), BUSYBOX, List.of("sh", "-c", "echo about to fail; exit 3"), true, null));

    Observation seen = awaitPhase(handle, o -> o.phase() == Observation.Phase.FAILED);

    assertThat(seen.reason()).startsWith("exited with code 3");
    assertThat(local.logTail(handle, 10)).contains("about to fail");
  }
}
