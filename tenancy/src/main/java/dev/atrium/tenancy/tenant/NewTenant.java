package dev.atrium.tenancy.tenant;

import dev.atrium.tenancy.quota.Quota;

/** A request to create a tenant. */
public record NewTenant(String slug, String displayName, Quota quota) {}
