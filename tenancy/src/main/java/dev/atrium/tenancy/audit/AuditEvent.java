package dev.atrium.tenancy.audit;

import java.time.Instant;

/** One recorded change; {@code before} and {@code after} are JSON, null when there was none. */
public record AuditEvent(
    long id, Instant occurredAt, String actor, String tenant, String action, String target, String before, String after) {}
