package dev.atrium.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running on our data directory by an Atrium that was killed (kill -9 skips the
 * shutdown hook). PostgreSQL refuses a second postmaster on the same data, so it is stopped first.
 */
final class OrphanedPostmaster {

  private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

  private OrphanedPostmaster() {}

  static void stopIfRunning(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    pid(pidFile)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            postmaster -> {
              log.warn("Stopping PostgreSQL {} left running on {}", postmaster.pid(), dataDirectory);
              postmaster.destroy(); // SIGTERM: a smart shutdown that keeps the data consistent
              try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
              } catch (Exception e) {
                postmaster.destroyForcibly();
              }
            });
  }

  private static Optional<Long> pid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
