package dev.atrium.cluster.rollout;

import java.util.UUID;

/** A rollout of one of the tenant's workloads started, moved on, stopped or ended. */
public record RolloutChanged(UUID tenantId) {}
