package dev.atrium.cluster.workload;

import java.util.UUID;

/** A request killed a launched task: once that commits, its container is stopped. */
public record TaskKilled(UUID taskId, String pool, String handle) {}
