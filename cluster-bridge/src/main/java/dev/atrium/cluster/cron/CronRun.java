package dev.atrium.cluster.cron;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run of a CRON workload, for its {@code scheduledAt} instant (or started by hand, {@code
 * manual}, at that instant): its state, when it started and ended, why, and its tasks.
 */
public record CronRun(
    UUID id,
    UUID workloadId,
    Instant scheduledAt,
    boolean manual,
    RunState state,
    Instant startedAt,
    Instant endedAt,
    String reason,
    List<UUID> taskIds) {}
