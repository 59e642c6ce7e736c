package dev.atrium.tenancy.access;

import java.util.List;

/** The request is malformed; nothing was changed. Each error names the field and what is wrong. */
public class ValidationException extends RuntimeException {

  public record FieldError(String field, String message) {}

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
