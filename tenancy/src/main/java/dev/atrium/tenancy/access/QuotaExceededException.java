package dev.atrium.tenancy.access;

/**
 * Admitting the request would take the tenant past its quota; nothing was admitted. Says which
 * resource, how much was asked for and how much is left.
 */
public class QuotaExceededException extends RuntimeException {

  private final String resource;
  private final long requested;
  private final long available;

  public QuotaExceededException(String tenant, String resource, long requested, long available) {
    super(
        "Tenant " + tenant + " has " + available + " " + resource + " left in its quota; this request needs " + requested + ".");
    this.resource = resource;
    this.requested = requested;
    this.available = available;
  }

  public String resource() {
    return resource;
  }

  public long requested() {
    return requested;
  }

  public long available() {
    return available;
  }
}
