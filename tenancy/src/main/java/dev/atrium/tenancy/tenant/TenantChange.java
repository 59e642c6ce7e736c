package dev.atrium.tenancy.tenant;

/** A change to a tenant; a {@code null} field stays as it is. */
public record TenantChange(String displayName, TenantState state) {}
