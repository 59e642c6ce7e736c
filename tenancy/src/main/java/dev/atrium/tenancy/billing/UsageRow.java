package dev.atrium.tenancy.billing;

/**
 * One tenant's use of one resource over one period: {@code quantity} held and {@code quotaLimit}, what
 * its quota allowed over the same period, both in {@code unit}. Times are RFC 3339 in UTC, as exported.
 * A {@code final} row never changes again.
 */
public record UsageRow(
    String tenant,
    String tenantName,
    String periodStart,
    String periodEnd,
    String resource,
    String unit,
    long quantity,
    long quotaLimit,
    boolean isFinal) {}
