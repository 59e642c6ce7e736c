package dev.atrium.cluster.cron;

import java.util.UUID;

/** A run of one of the tenant's CRON workloads was recorded or changed state. */
public record RunChanged(UUID tenantId) {}
