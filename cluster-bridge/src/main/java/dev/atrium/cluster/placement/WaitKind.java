package dev.atrium.cluster.placement;

import java.util.List;

/**
 * The kind of thing a PENDING task waits for, read from the reason placement wrote for it (the
 * wording of {@link Placement#whyNot} and of booked capacity): a short stable word for dashboards,
 * where the reason itself carries figures that change.
 */
public final class WaitKind {

  /** Every kind {@link #of} answers. */
  public static final List<String> ALL =
      List.of("not_placed_yet", "reservation_full", "booked", "contention", "no_ready_node", "gpu", "cpu", "fragmented", "memory", "other");

  private WaitKind() {}

  public static String of(String reason) {
    if (reason == null) {
      return "not_placed_yet";
    }
    if (reason.startsWith("every slot of its reservation")) {
      return "reservation_full";
    }
    if (reason.contains("is booked by a reservation")) {
      return "booked";
    }
    if (reason.contains("are taking other requests")) {
      return "contention";
    }
    if (reason.startsWith("no node in pool")) {
      if (reason.endsWith(" is ready")) {
        return "no_ready_node";
      }
      if (reason.contains("GPUs")) {
        return "gpu";
      }
      if (reason.contains("core")) {
        return "cpu";
      }
      if (reason.contains("free at once")) {
        return "fragmented";
      }
      return "memory";
    }
    return "other";
  }
}
