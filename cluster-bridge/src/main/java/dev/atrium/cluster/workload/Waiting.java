package dev.atrium.cluster.workload;

/** How many PENDING tasks wait for one reason. */
public record Waiting(String reason, int tasks) {}
