package dev.atrium.tenancy.tenant;

import dev.atrium.tenancy.quota.QuotaUsage;

/** A tenant with its quota and what it holds now: what the consoles and the API show. */
public record TenantDetails(Tenant tenant, QuotaUsage quota) {}
