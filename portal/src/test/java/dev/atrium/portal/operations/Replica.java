package dev.atrium.portal.operations;

import dev.atrium.portal.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Atrium replica as production runs it: the production jar ({@code java -jar}) in a JVM of its
 * own, on an external PostgreSQL and an external Keycloak, with JSON logs written to a file.
 */
final class Replica implements AutoCloseable {

  private static final Path JAR = Path.of("target/atrium-portal.jar").toAbsolutePath();

  final String name;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  private int port;
  private int managementPort;

  Replica(String name, Path logs, Map<String, String> environment) {
    this.name = name;
    this.environment = environment;
    this.log = logs.resolve(name + ".log");
  }

  /** Starts the process; {@link #awaitReady} waits for its readiness probe. */
  Replica start() throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the package phase builds it before the integration tests");
    }
    port = freePort();
    managementPort = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().put("ATRIUM_PORT", String.valueOf(port));
    builder.environment().put("ATRIUM_MANAGEMENT_PORT", String.valueOf(managementPort));
    process = builder.start();
    return this;
  }

  Replica awaitReady(Duration within) throws InterruptedException {
    Instant until = Instant.now().plus(within);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " stopped while starting; see " + log);
      }
      try {
        if (management().get("/actuator/health/readiness").status() == 200) {
          return this;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(250); // polling a process of its own: no hook to wait on
    }
    throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
  }

  /** Whether this replica says it runs the reconciler (its {@code atrium_reconciler_leader} gauge). */
  boolean leads() {
    try {
      String scrape = management().get("/actuator/prometheus").body();
      return ManagementEndpointsTest.value(scrape, "atrium_reconciler_leader", Map.of()) == 1.0;
    } catch (RuntimeException down) {
      return false;
    }
  }

  Api as(String user) {
    return Api.as(port, user);
  }

  Api management() {
    return Api.as(managementPort, null);
  }

  /** The operating system's id of the replica's process. */
  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** kill -9: no shutdown hook, no goodbye to the database. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
