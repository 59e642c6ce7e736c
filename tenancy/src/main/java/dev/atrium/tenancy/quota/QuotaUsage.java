package dev.atrium.tenancy.quota;

/** A tenant's limits beside what its running work holds now. */
public record QuotaUsage(Quota quota, Quota usage) {}
