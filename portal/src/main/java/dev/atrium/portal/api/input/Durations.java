package dev.atrium.portal.api.input;

import dev.atrium.tenancy.access.ValidationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations as the API takes them: ISO 8601, e.g. {@code PT4H} or {@code P2DT12H}. */
public final class Durations {

  private Durations() {}

  /** The duration, null if none was given; anything else is a validation error naming {@code field}. */
  public static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ValidationException.of(field, "must be an ISO 8601 duration such as PT4H or P2DT12H");
    }
  }
}
