package dev.atrium.tenancy.quota;

import java.util.UUID;

/** A tenant got a quota or new limits; engines that enforce quotas of their own mirror it. */
public record QuotaChanged(UUID tenantId, String slug, Quota quota) {}
