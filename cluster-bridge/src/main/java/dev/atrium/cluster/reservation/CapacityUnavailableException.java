package dev.atrium.cluster.reservation;

import dev.atrium.cluster.metrics.ClusterMetrics;
import java.time.Instant;

/**
 * The pool has no room for every instance over the whole window asked for; nothing was booked. Says
 * why, and from when the same duration would fit ({@code null} if not within the booking horizon).
 */
public class CapacityUnavailableException extends RuntimeException implements ClusterMetrics.CapacityRefusal {

  private final Instant earliestStart;

  public CapacityUnavailableException(String detail, Instant earliestStart) {
    super(detail);
    this.earliestStart = earliestStart;
  }

  public Instant earliestStart() {
    return earliestStart;
  }
}
