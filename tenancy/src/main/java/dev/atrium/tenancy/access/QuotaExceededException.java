package dev.atrium.tenancy.access;

/**
 * Admitting the request would take the tenant past its quota; nothing was admitted. Says which
 * resource, how much was asked for and how much is left.
 */
public class QuotaExceededException extends RuntimeException {

  private final String resource;
  private final long requested;
  private final long available;
  private final java.time.Instant at;

  public QuotaExceededException(String tenant, String resource, long requested, long available) {
    super(
        "Tenant " + tenant + " has " + available + " " + resource + " left in its quota; this request needs " + requested + ".");
    this.resource = resource;
    this.requested = requested;
    this.available = available;
    this.at = null;
  }

  /** Over time: at {@code at}, the first instant it would be exceeded, only {@code available} is left. */
  public QuotaExceededException(String tenant, String resource, long requested, long available, java.time.Instant at) {
    super(
        "From " + at + " tenant " + tenant + " would have " + available + " " + resource
            + " left in its quota, its other reservations included; this booking needs " + requested + ".");
    this.resource = resource;
    this.requested = requested;
    this.available = available;
    this.at = at;
  }

  /** The first instant the quota would be exceeded, for a booking; null for a request for now. */
  public java.time.Instant at() {
    return at;
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
