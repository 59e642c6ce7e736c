package dev.atrium.tenancy.access;

/** The request clashes with the current state: a duplicate, or a write based on a stale version. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
