package dev.atrium.cluster.pool;

/**
 * A pool as the admin console shows it: its driver, why it cannot work if it cannot, and its nodes'
 * capacity and allocation added up.
 */
public record Pool(String name, String driver, String unavailableReason, int nodes, Resources capacity, Resources allocated) {}
