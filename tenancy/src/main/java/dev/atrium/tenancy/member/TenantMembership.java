package dev.atrium.tenancy.member;

import dev.atrium.tenancy.tenant.Tenant;

/** One tenant a person belongs to, and their role there. */
public record TenantMembership(Tenant tenant, TenantRole role) {}
