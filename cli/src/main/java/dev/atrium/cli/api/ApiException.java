package dev.atrium.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The API refused: its problem document, and the exit code the CLI ends with for it. */
public final class ApiException extends RuntimeException {

  /** Exit codes: 3 not found, 4 a conflict or the quota, 5 not signed in or not allowed, 1 anything else. */
  public static final int NOT_FOUND = 3;
  public static final int CONFLICT = 4;
  public static final int AUTH = 5;
  public static final int OTHER = 1;

  private final int status;
  private final JsonNode problem;

  public ApiException(int status, JsonNode problem, String message) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  public int status() {
    return status;
  }

  public int exitCode() {
    return switch (status) {
      case 401, 403 -> AUTH;
      case 404 -> NOT_FOUND;
      case 409, 412, 422 -> CONFLICT;
      default -> OTHER;
    };
  }

  /** The problem's detail, then each field error on a line of its own. */
  public String describe() {
    StringBuilder text = new StringBuilder(getMessage());
    if (problem != null) {
      for (JsonNode error : problem.path("errors")) {
        text.append(System.lineSeparator()).append("  ").append(error.path("field").asText()).append(": ").append(error.path("message").asText());
      }
    }
    return text.toString();
  }
}
