package dev.atrium.portal.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping the {@code kc.sh} process tree, and cleaning up after a killed Atrium. */
final class KeycloakProcess {

  private static final Logger log = LoggerFactory.getLogger(KeycloakProcess.class);

  private KeycloakProcess() {}

  /** A {@code kc.sh} command run with the same Java as Atrium and a small heap. */
  static ProcessBuilder builder(Path home, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m");
    // C1 only: Keycloak starts about twice as fast, which matters more here than peak throughput.
    env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    return builder;
  }

  /** Stops the whole tree: kc.sh starts a JVM that would outlive its shell. */
  static void stop(ProcessHandle process) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : concat(process, tree)) {
      try {
        p.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  /** Records the pid, so that the next start can stop a Keycloak left behind by a kill -9. */
  static void writePid(Path pidFile, ProcessHandle process) throws IOException {
    Files.writeString(pidFile, Long.toString(process.pid()));
  }

  static void stopOrphan(Path pidFile) {
    readPid(pidFile)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains("keycloak") || c.contains("kc.sh")).orElse(false))
        .ifPresent(
            orphan -> {
              log.warn("Stopping Keycloak {} left running by an earlier Atrium", orphan.pid());
              stop(orphan);
            });
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
