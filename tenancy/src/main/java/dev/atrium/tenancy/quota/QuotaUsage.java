package dev.atrium.tenancy.quota;

/**
 * A tenant's limits beside what its running work holds now. {@code version} grows with every change
 * of the limits; a write that names an older version is refused rather than lost.
 */
public record QuotaUsage(Quota quota, Quota usage, long version) {}
