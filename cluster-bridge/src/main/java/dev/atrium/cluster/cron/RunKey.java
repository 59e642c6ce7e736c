package dev.atrium.cluster.cron;

import java.util.UUID;

/** Which run, of which tenant: enough for the reconciler to take it up in a transaction of its own. */
public record RunKey(UUID id, UUID tenantId) {}
