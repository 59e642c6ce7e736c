package dev.atrium.cluster.workload;

import java.util.UUID;

/** A waiting task found a node; views showing the tenant refresh. */
public record TaskPlaced(UUID taskId, UUID tenantId, String nodeId) {}
