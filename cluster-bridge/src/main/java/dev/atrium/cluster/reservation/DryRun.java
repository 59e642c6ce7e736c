package dev.atrium.cluster.reservation;

import java.time.Instant;
import java.util.List;

/**
 * The answer to "would this fit now?": where each instance would go, or why not and from when it
 * would ({@code earliestStart}, null when not known to within a year or when the quota is what stops it).
 */
public record DryRun(boolean fits, List<Placed> placements, String reason, Instant earliestStart) {

  public record Placed(int instance, String nodeId) {}

  public static DryRun no(String reason, Instant earliestStart) {
    return new DryRun(false, List.of(), reason, earliestStart);
  }
}
