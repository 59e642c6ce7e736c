package dev.atrium.cluster.health;

import java.util.List;

/**
 * How an engine tells whether a service's task is healthy: a {@code command} run in its container
 * (healthy when it exits 0) or an {@code http} GET of a port and path inside it (healthy on 2xx/3xx),
 * every {@code intervalSeconds}, each given {@code timeoutSeconds}. Failures in the first {@code
 * gracePeriodSeconds} after the start do not count; {@code failureThreshold} in a row make the task
 * unhealthy, and Atrium replaces it. A task is RUNNING only once a check has passed.
 */
public record HealthCheck(
    List<String> command, Http http, Integer intervalSeconds, Integer timeoutSeconds, Integer failureThreshold, Integer gracePeriodSeconds) {

  public static final int DEFAULT_INTERVAL = 10;
  public static final int DEFAULT_TIMEOUT = 5;
  public static final int DEFAULT_THRESHOLD = 3;
  public static final int DEFAULT_GRACE = 30;

  /** A GET of {@code path} on {@code port} of the task itself. */
  public record Http(Integer port, String path) {}

  /** With the defaults filled in. */
  public HealthCheck normalised() {
    return new HealthCheck(
        command,
        http == null ? null : new Http(http.port(), http.path() == null || http.path().isBlank() ? "/" : http.path()),
        intervalSeconds == null ? DEFAULT_INTERVAL : intervalSeconds,
        timeoutSeconds == null ? DEFAULT_TIMEOUT : timeoutSeconds,
        failureThreshold == null ? DEFAULT_THRESHOLD : failureThreshold,
        gracePeriodSeconds == null ? DEFAULT_GRACE : gracePeriodSeconds);
  }

  /**
   * The command that checks the task inside its container: the command itself, or for an http
   * check a busybox-compatible {@code wget} of the port and path (exit 0 on success).
   */
  public List<String> probe() {
    if (command != null && !command.isEmpty()) {
      return command;
    }
    HealthCheck n = normalised();
    // No -T: not every busybox has it; the engine stops the check at its timeout.
    return List.of("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + http.port() + n.http().path());
  }

  /** In words, for reasons and the console: {@code http :8080/health} or the command. */
  public String describe() {
    return command != null && !command.isEmpty() ? String.join(" ", command) : "http :" + http.port() + normalised().http().path();
  }
}
