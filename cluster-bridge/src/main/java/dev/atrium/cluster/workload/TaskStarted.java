package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.UUID;

/** A task began to run on its node; metering starts counting what it holds. */
public record TaskStarted(UUID taskId, UUID tenantId, Resources resources, Instant at) {}
