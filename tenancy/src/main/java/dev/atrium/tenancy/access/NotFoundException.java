package dev.atrium.tenancy.access;

/**
 * The thing does not exist, or the caller may not know that it does: a tenant the caller does not
 * belong to answers exactly like one that does not exist, so tenants cannot be enumerated.
 */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }

  public static NotFoundException tenant(String slug) {
    return new NotFoundException("No tenant " + slug + ".");
  }
}
