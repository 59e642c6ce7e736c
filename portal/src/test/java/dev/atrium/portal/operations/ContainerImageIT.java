package dev.atrium.portal.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.db.embedded.EmbeddedPostgresServer;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.TestKeycloak;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The image built from infra/container/Containerfile runs read-only as an unprivileged user, the way
 * the Kubernetes base (infra/kubernetes/deployment.yaml) runs it, and stops gracefully on SIGTERM.
 *
 * <p>Built as a user builds it ({@code podman build -f infra/container/Containerfile .} from the
 * repository's root, after {@code package} made the jar), on a Java 17 runtime made from this host's
 * JDK by infra/container/local-base.sh: no registry is needed, and the base is made once and kept for
 * later runs. The container gets what a pod gets: a read-only root file system with a writable /tmp,
 * no capabilities, no privilege escalation, the default seccomp profile, a memory limit, the image's
 * own user. It then must become ready on an external PostgreSQL and Keycloak, run as uid 10001,
 * serve metrics and the API, write JSON lines, and end with Spring's graceful shutdown when stopped.
 *
 * <p>Needs podman (infra/test-prerequisites.sh installs it) and root: the container shares the host's
 * network to reach the embedded PostgreSQL and Keycloak, which listen on 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** runc, as for the local pool: crun, podman's default, fails on hosts with hybrid cgroups. */
  private static final Path CONTAINERS_CONF =
      ROOT.resolve("cluster-bridge/src/main/resources/dev/atrium/cluster/driver/local/containers.conf");
  private static final String IMAGE = "localhost/atrium:it";
  private static final String CONTAINER = "atrium-image-it";
  private static final Duration START = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path work;
  private static EmbeddedPostgresServer postgres;
  private static int port;
  private static int managementPort;

  @BeforeAll
  static void buildAndStart() throws Exception {
    assertThat(onPath("podman"))
        .as("podman is missing: infra/test-prerequisites.sh installs it (this test builds and runs Atrium's image)")
        .isTrue();
    work = Files.createDirectories(Path.of("target/container-image").toAbsolutePath());
    assertThat(ROOT.resolve("portal/target/atrium-portal.jar"))
        .as("the jar the image is built from; the package phase makes it before the integration tests")
        .exists();

    String base = timed("base image", () -> lastLine(run(Duration.ofMinutes(5), "infra/container/local-base.sh")));
    // --layers=false: no build cache of the intermediate stage (the extracted jar, half a gigabyte)
    // stays behind; the image itself is the same. --pull=never: the proof that no registry is needed.
    timed("image build", () -> run(Duration.ofMinutes(5),
        "podman", "build", "--pull=never", "--layers=false", "--build-arg", "BASE=" + base,
        "-f", "infra/container/Containerfile", "-t", IMAGE, "."));

    postgres = EmbeddedPostgresServer.start(Files.createTempDirectory(work, "pg-").resolve("data"), 0);
    String issuer = TestKeycloak.issuer();
    port = freePort();
    managementPort = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
    env.put("SPRING_DATASOURCE_PASSWORD", "");
    env.put("ATRIUM_OIDC_ISSUER", issuer);
    env.put("ATRIUM_PORT", String.valueOf(port));
    env.put("ATRIUM_MANAGEMENT_PORT", String.valueOf(managementPort));
    // The pod's 0.0.0.0 would, on the host's network, serve every interface of the machine.
    env.put("ATRIUM_ADDRESS", "127.0.0.1");
    env.put("ATRIUM_MANAGEMENT_ADDRESS", "127.0.0.1");
    env.put("ATRIUM_LOG_FORMAT", "ecs");

    timed("start to readiness", () -> {
      start(env);
      awaitReady();
      return null;
    });
  }

  /**
   * podman run as the Deployment runs the container: readOnlyRootFilesystem with an emptyDir on /tmp
   * (512Mi), capabilities drop ALL, allowPrivilegeEscalation false, seccomp RuntimeDefault (podman's
   * default profile), a 1536Mi memory limit, and runAsUser 10001, which the image's USER already says:
   * no --user, so the image is what is checked. podman 4.3 with runc takes all of these flags.
   */
  private static void start(Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        "podman", "run", "--detach", "--replace", "--name", CONTAINER, "--pull=never",
        // Without --read-only-tmpfs=false podman would also make /run and /var/tmp writable: only /tmp is,
        // as in the pod (and executable, as an emptyDir is: podman's own /tmp would be noexec).
        "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,size=512m",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "--memory", "1536m",
        // runc refuses limits above the ones podman itself runs with (the host's hard limits, and for
        // processes 32768): enough open files for a JVM, processes and threads of uid 10001 far beyond
        // Atrium's few hundred threads.
        "--ulimit", "nofile=" + limit("Max open files", 65536),
        "--ulimit", "nproc=" + limit("Max processes", 4096),
        // The embedded PostgreSQL and Keycloak listen on the host's 127.0.0.1.
        "--network", "host"));
    env.forEach((name, value) -> command.addAll(List.of("--env", name + "=" + value)));
    command.add(IMAGE);
    run(Duration.ofMinutes(1), command.toArray(String[]::new));
  }

  @AfterAll
  static void removeContainerAndImage() {
    if (!onPath("podman")) {
      return; // buildAndStart said so
    }
    try {
      keepLogs();
      // The base image stays: making it again would only repeat the same work at the next run.
      run(Duration.ofMinutes(1), "podman", "rm", "--force", "--ignore", "--time", "0", CONTAINER);
      run(Duration.ofMinutes(1), "podman", "rmi", "--force", "--ignore", IMAGE);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  @Test
  @Order(1)
  void theProcessIsUnprivilegedOnAReadOnlyRoot() throws IOException {
    // Columns of podman top, read from the process itself: users as the container sees them.
    List<String> top = List.of(lastLine(run(Duration.ofSeconds(30), "podman", "top", CONTAINER, "user", "group", "capeff", "seccomp"))
        .trim().split("\\s+"));
    assertThat(top).as("user, group, effective capabilities, seccomp of the container's process")
        .containsExactly("10001", "10001", "none", "filter");

    // The same process seen from the host: no way back to privileges, and / mounted read-only.
    Path process = Path.of("/proc", inspect("{{.State.Pid}}"));
    assertThat(Files.readAllLines(process.resolve("status"))).contains("NoNewPrivs:\t1");
    assertThat(Files.readAllLines(process.resolve("mountinfo")))
        .as("the mount of / in the container")
        .filteredOn(mount -> mount.split(" ")[4].equals("/"))
        .singleElement()
        .satisfies(mount -> assertThat(List.of(mount.split(" ")[5].split(","))).contains("ro"));
  }

  @Test
  @Order(2)
  void itServesMetricsAndTheApi() {
    String scrape = Api.as(managementPort, null).get("/actuator/prometheus").body();
    assertThat(scrape).contains("atrium_reconciler_leader");
    assertThat(Api.as(port, null).get("/api/v1/me").status()).as("the API without a token").isEqualTo(401);
  }

  @Test
  @Order(3)
  void sigtermStopsItGracefullyAndEveryLogLineIsJson() throws IOException {
    Instant stopping = Instant.now();
    // podman stop sends the image's stop signal, SIGTERM, and SIGKILL after 30 s (exit code 137).
    run(Duration.ofMinutes(1), "podman", "stop", "--time", "30", CONTAINER);
    System.out.printf("Container stopped %d ms after SIGTERM%n", Duration.between(stopping, Instant.now()).toMillis());
    assertThat(Integer.parseInt(inspect("{{.State.ExitCode}}")))
        .as("exit code: 143 is the JVM's after SIGTERM, 137 would mean SIGKILL")
        .isIn(0, 143);

    List<JsonNode> lines = jsonLogLines();
    assertThat(lines).allSatisfy(line -> assertThat(line.has("@timestamp") && line.at("/log/level").isTextual() && line.has("message"))
        .as("an ECS line: " + line).isTrue());
    assertThat(lines).extracting(line -> line.path("message").asText())
        .as("Spring's graceful shutdown of the web servers")
        .anyMatch(message -> message.startsWith("Commencing graceful shutdown"))
        .anyMatch(message -> message.startsWith("Graceful shutdown complete"));
  }

  /** The container's output (stdout and stderr), each line one JSON object. */
  private static List<JsonNode> jsonLogLines() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run(Duration.ofSeconds(30), "podman", "logs", CONTAINER).lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(JSON.readTree(line));
      } catch (JsonProcessingException e) {
        throw new AssertionError("a log line that is not JSON: " + line, e);
      }
      assertThat(lines.get(lines.size() - 1).isObject()).as("a JSON object: " + line).isTrue();
    }
    assertThat(lines).as("log lines").isNotEmpty();
    return lines;
  }

  /** The container's output, kept in target/container-image/atrium.log after the container is gone. */
  private static void keepLogs() {
    try {
      Files.writeString(work.resolve("atrium.log"), run(Duration.ofSeconds(30), "podman", "logs", CONTAINER));
    } catch (IOException | AssertionError noContainer) {
      // it never started: buildAndStart said why
    }
  }

  private static void awaitReady() throws InterruptedException {
    Instant until = Instant.now().plus(START);
    while (Instant.now().isBefore(until)) {
      if (!"running".equals(inspect("{{.State.Status}}"))) {
        throw new AssertionError("the container stopped while starting (exit code " + inspect("{{.State.ExitCode}}") + "):\n" + logTail());
      }
      try {
        if (Api.as(managementPort, null).get("/actuator/health/readiness").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(500); // a process in a container: no hook to wait on
    }
    throw new AssertionError("not ready within " + START + ":\n" + logTail());
  }

  private static String logTail() {
    return run(Duration.ofSeconds(30), "podman", "logs", "--tail", "40", CONTAINER);
  }

  private static String inspect(String format) {
    return run(Duration.ofSeconds(30), "podman", "inspect", "--format", format, CONTAINER).trim();
  }

  /**
   * This process's hard limit (a line of /proc/self/limits, e.g. "Max open files"), at most {@code cap}:
   * a container may not exceed what podman itself may.
   */
  private static String limit(String name, long cap) throws IOException {
    String hard = Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length()).trim().split("\\s+")[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + name + "' in /proc/self/limits"));
    long value = hard.equals("unlimited") ? cap : Math.min(cap, Long.parseLong(hard));
    return value + ":" + value;
  }

  /** Runs a command in the repository's root; its output (stdout and stderr), or an AssertionError saying why it failed. */
  private static String run(Duration within, String... command) {
    try {
      Path output = Files.createTempFile("container-image-it", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
        Process process = builder.start();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not end within " + within + ":\n" + Files.readString(output));
        }
        String out = Files.readString(output);
        if (process.exitValue() != 0) {
          throw new AssertionError(String.join(" ", command) + " failed (exit code " + process.exitValue() + "):\n" + out);
        }
        return out;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  /** Runs a step and says how long it took: the base image is made once, then found. */
  private static <T> T timed(String what, Step<T> step) throws Exception {
    Instant begin = Instant.now();
    T result = step.run();
    System.out.printf("%s: %d ms%n", what, Duration.between(begin, Instant.now()).toMillis());
    return result;
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(File.pathSeparator)).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
