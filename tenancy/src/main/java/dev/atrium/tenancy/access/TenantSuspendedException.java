package dev.atrium.tenancy.access;

/** The tenant is suspended: what runs keeps running, but nothing new is admitted. */
public class TenantSuspendedException extends RuntimeException {

  public TenantSuspendedException(String slug) {
    super("Tenant " + slug + " is suspended: nothing new is admitted until a platform admin resumes it.");
  }
}
