package dev.atrium.cluster.driver;

/** What the engine says of a task now. */
public record Observation(Phase phase, String reason) {

  public enum Phase {
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Running, but it failed its health check {@code failureThreshold} times in a row; reason: the check's last output. */
    UNHEALTHY
  }

  public static Observation running() {
    return new Observation(Phase.RUNNING, null);
  }
}
