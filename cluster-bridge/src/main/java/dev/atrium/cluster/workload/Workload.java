package dev.atrium.cluster.workload;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's workload as the API and the console show it, with its tasks. {@code state} sums the
 * tasks up (RUNNING when all run, PENDING when some wait …; a CRON workload between runs is
 * SCHEDULED or SUSPENDED) and {@code reason} says why it waits. {@code nextRuns}: a CRON workload's
 * next five scheduled instants in its zone (none while suspended).
 */
public record Workload(
    UUID id, String tenant, WorkloadSpec spec, String state, String reason, Instant createdAt, List<Task> tasks, List<java.time.ZonedDateTime> nextRuns) {}
