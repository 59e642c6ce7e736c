package dev.atrium.cluster.workload;

/**
 * How a SERVICE rolls a new version out: up to {@code maxSurge} tasks over its instances while new
 * ones start, and up to {@code maxUnavailable} of its instances not running meanwhile. With the
 * defaults (1 and 0) a new task must be healthy before an old one is stopped.
 */
public record RolloutStrategy(Integer maxSurge, Integer maxUnavailable) {

  public static final RolloutStrategy DEFAULT = new RolloutStrategy(1, 0);

  /** This strategy with the defaults where it says nothing. */
  public RolloutStrategy normalised() {
    return new RolloutStrategy(maxSurge == null ? DEFAULT.maxSurge : maxSurge, maxUnavailable == null ? DEFAULT.maxUnavailable : maxUnavailable);
  }
}
