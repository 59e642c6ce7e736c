package dev.atrium.portal.api.workload;

import dev.atrium.cluster.workload.RolloutStrategy;

/**
 * A request's {@code rollout}: how a SERVICE rolls new versions out ({@code maxSurge}, {@code
 * maxUnavailable}) and, on a change, whether its rollout is {@code paused}.
 */
record RolloutBody(Integer maxSurge, Integer maxUnavailable, Boolean paused) {

  /** The strategy it gives, or null if it gives neither number. */
  RolloutStrategy strategy() {
    return maxSurge == null && maxUnavailable == null ? null : new RolloutStrategy(maxSurge, maxUnavailable);
  }
}
