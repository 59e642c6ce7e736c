package dev.atrium.cluster.driver;

/** The engine refused or could not be reached; the message is the engine's own words. */
public class DriverException extends Exception {

  public DriverException(String message) {
    super(message);
  }

  public DriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
