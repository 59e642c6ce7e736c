package dev.atrium.cluster.pool;

/** A node changed state (by an admin or because its engine let it go): views of the fleet refresh. */
public record NodeChanged(String nodeId, NodeState state) {}
