package dev.atrium.tenancy.access;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field error of a request before failing, so that a form or a script learns all of
 * them at once. Texts shown to people are checked for control and invisible formatting characters
 * (bidirectional overrides, zero-width joiners), which make one name look like another.
 */
public final class Validator {

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private final List<ValidationException.FieldError> errors = new ArrayList<>();

  public Validator require(boolean valid, String field, String message) {
    if (!valid) {
      errors.add(new ValidationException.FieldError(field, message));
    }
    return this;
  }

  public Validator matches(String value, Pattern pattern, String field, String message) {
    return require(value != null && pattern.matcher(value).matches(), field, message);
  }

  /** A name shown to people: 1 to {@code max} characters, no control or invisible characters. */
  public Validator displayText(String value, int max, String field) {
    if (value == null || value.isBlank()) {
      return require(false, field, "must not be empty");
    }
    if (value.length() > max) {
      return require(false, field, "must be at most " + max + " characters");
    }
    if (!value.equals(value.strip())) {
      return require(false, field, "must not start or end with spaces");
    }
    if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
      return require(false, field, "must be in Unicode normal form C");
    }
    boolean clean =
        value.codePoints()
            .noneMatch(
                c -> {
                  int type = Character.getType(c);
                  return type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.PRIVATE_USE
                      || type == Character.SURROGATE
                      || type == Character.UNASSIGNED;
                });
    return require(clean, field, "must not contain control or invisible formatting characters");
  }

  public Validator range(long value, long min, long max, String field) {
    return require(value >= min && value <= max, field, "must be between " + min + " and " + max);
  }

  /**
   * RFC 3339 times have four-digit years; a time outside them (e.g. {@code +300000-01-01T00:00:00Z})
   * is refused here rather than by PostgreSQL, whose range is not the same.
   */
  public Validator time(Instant value, String field) {
    return require(value == null || storable(value), field, "must be a time in the years 0001 to 9999");
  }

  public static boolean storable(Instant value) {
    return !value.isBefore(EARLIEST) && value.isBefore(AFTER_LATEST);
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }
}
