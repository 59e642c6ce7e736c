package dev.atrium.cluster.pool;

/** READY nodes take new tasks; DRAINING ones keep theirs but take none; DOWN ones have lost theirs. */
public enum NodeState {
  READY,
  DRAINING,
  DOWN
}
