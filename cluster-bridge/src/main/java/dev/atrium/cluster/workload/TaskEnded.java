package dev.atrium.cluster.workload;

import java.time.Instant;
import java.util.UUID;

/** A task ended and gave back everything it held; metering stops counting. Sent once per task. */
public record TaskEnded(UUID taskId, UUID tenantId, TaskState state, String reason, Instant at) {}
