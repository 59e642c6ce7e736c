package dev.atrium.cluster.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.ClusterDriverContract;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
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
    local = new LocalDriver(new LocalSettings(null, Path.of("target/podman/podman.sock").toAbsolutePath(), null));
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
  void aServiceIsRunningOnlyOnceItsHttpHealthCheckPassesAndUnhealthyWithTheChecksWordsWhenItFails() throws Exception {
    HealthCheck http = new HealthCheck(null, new HealthCheck.Http(8080, "/"), 1, 2, 2, 0).normalised();
    UUID healthy = UUID.randomUUID();
    // httpd answers only once the file it serves exists: checked before then, the task is STARTING.
    String served = start(withHealth(launch(healthy, BUSYBOX, List.of("sh", "-c", "sleep 2; mkdir -p /www; echo ok > /www/index.html; httpd -f -p 8080 -h /www"), false, null), http));
    assertThat(local.observe(List.of(served)).get(served).phase()).isEqualTo(Observation.Phase.STARTING);
    awaitPhase(served, o -> o.phase() == Observation.Phase.RUNNING);

    HealthCheck failing = new HealthCheck(List.of("sh", "-c", "echo not ready yet; exit 3"), null, 1, 2, 2, 0).normalised();
    String sick = start(withHealth(launch(UUID.randomUUID(), BUSYBOX, List.of("sleep", "3600"), false, null), failing));
    Observation unhealthy = awaitPhase(sick, o -> o.phase() == Observation.Phase.UNHEALTHY);
    assertThat(unhealthy.reason()).isEqualTo("sh -c echo not ready yet; exit 3: not ready yet");
    // What a check prints becomes a reason PostgreSQL stores: one printable line.
    assertThat(HealthProbes.printable("curl: (7)\u0000 Failed\n  to connect\u001b[0m")).isEqualTo("curl: (7) Failed to connect[0m");
  }

  @Test
  void aServicesPortIsPublishedOnAFreePortOfThisHostAndAnswersThere() throws Exception {
    TaskLaunch plain = launch(UUID.randomUUID(), BUSYBOX, List.of("sh", "-c", "mkdir -p /www; echo hello > /www/index.html; httpd -f -p 8080 -h /www"), false, null);
    List<Port> ports = List.of(new Port("http", 8080));
    String handle = start(new TaskLaunch(plain.installation(), plain.pool(), plain.taskId(), plain.tenant(), plain.workload(), plain.node(), plain.image(),
        plain.command(), plain.env(), plain.cpuMillis(), plain.memoryMiB(), plain.gpus(), false, null, null, ports));
    awaitPhase(handle, o -> o.phase() == Observation.Phase.RUNNING);

    Map<String, String> endpoints = local.endpoints(handle, ports);
    assertThat(endpoints).containsOnlyKeys("http");
    assertThat(endpoints.get("http")).matches("127\\.0\\.0\\.1:\\d+");
    HttpClient http = HttpClient.newHttpClient();
    String body = null;
    for (int i = 0; i < 50 && body == null; i++) { // httpd may take a moment to listen
      try {
        body = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoints.get("http") + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(body).isEqualTo("hello\n");
  }

  private static TaskLaunch withHealth(TaskLaunch l, HealthCheck check) {
    return new TaskLaunch(l.installation(), l.pool(), l.taskId(), l.tenant(), l.workload(), l.node(), l.image(), l.command(), l.env(),
        l.cpuMillis(), l.memoryMiB(), l.gpus(), l.runsToCompletion(), l.durationSeconds(), check, l.ports());
  }

  @Test
  void aFailingCommandIsObservedFailedWithItsExitCodeAndItsOutputCanBeRead() throws Exception {
    String handle = start(launch(UUID.randomUUID(), BUSYBOX, List.of("sh", "-c", "echo about to fail; exit 3"), true, null));

    Observation seen = awaitPhase(handle, o -> o.phase() == Observation.Phase.FAILED);

    assertThat(seen.reason()).startsWith("exited with code 3");
    assertThat(local.logTail(handle, 10)).contains("about to fail");
  }
}
