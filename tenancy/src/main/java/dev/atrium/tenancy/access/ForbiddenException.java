package dev.atrium.tenancy.access;

/** The caller may see the thing but their role does not allow this change. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message);
  }
}
