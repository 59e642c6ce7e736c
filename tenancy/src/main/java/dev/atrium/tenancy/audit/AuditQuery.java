package dev.atrium.tenancy.audit;

import java.time.Instant;

/** Filters of the audit view and API; a {@code null} filter matches everything. */
public record AuditQuery(String tenant, String actor, Instant from, Instant to) {

  public static final AuditQuery ALL = new AuditQuery(null, null, null, null);
}
