package dev.atrium.tenancy.access;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field error of a request before failing, so that a form or a script learns all of
 * them at once. Texts shown to people are checked for control and invisible formatting characters
 * (bidirectional overrides, zero-width joiners), which make one name look like another.
 */
public final class Validator {

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

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }
}
