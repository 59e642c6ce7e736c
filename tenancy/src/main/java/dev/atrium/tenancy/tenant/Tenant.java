package dev.atrium.tenancy.tenant;

import java.time.Instant;
import java.util.UUID;

/** A tenant: the unit that rents capacity, holds a quota and owns workloads. */
public record Tenant(UUID id, String slug, String displayName, TenantState state, Instant createdAt) {}
