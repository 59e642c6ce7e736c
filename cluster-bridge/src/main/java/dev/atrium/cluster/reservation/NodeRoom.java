package dev.atrium.cluster.reservation;

import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A node of a pool as bookings see it: its capacity, what is allocated on it (counted as if it never
 * ended) and the reservations' slots on it. Answers how much is left for a window, and assigns
 * instances to nodes.
 */
record NodeRoom(String nodeId, Resources capacity, Resources allocated, List<Booked> slots) {

  /** What is left on the node at every instant of {@code [from, to)}. */
  Resources leftFor(Instant from, Instant to) {
    return capacity.minus(allocated).minus(Booked.peak(slots, from, to));
  }

  /** What is left on the node at {@code at}, never below nothing (a node may be over-committed by a backfill). */
  Resources leftAt(Instant at) {
    Resources left = capacity.minus(allocated);
    for (Booked slot : slots) {
      if (slot.covers(at)) {
        left = left.minus(slot.resources());
      }
    }
    return new Resources(Math.max(0, left.cpuMillis()), Math.max(0, left.memoryMiB()), Math.max(0, left.gpus()));
  }

  /**
   * A node for each instance, for {@code [from, to)}, as many instances as fit (up to {@code
   * instances}): best fit (the least room left on the dominant resource afterwards; nodes with GPUs
   * last for instances that need none). Several instances may share a node.
   */
  static List<String> assignUpTo(List<NodeRoom> nodes, Resources each, int instances, Instant from, Instant to) {
    List<Candidate> candidates = new ArrayList<>();
    for (NodeRoom node : nodes) {
      candidates.add(new Candidate(node, node.leftFor(from, to)));
    }
    Comparator<Candidate> bestFit = bestFit(each);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      Optional<Candidate> best = candidates.stream().filter(c -> each.fitsIn(c.left)).min(bestFit);
      if (best.isEmpty()) {
        break;
      }
      chosen.add(best.get().node.nodeId());
      best.get().left = best.get().left.minus(each);
    }
    return chosen;
  }

  /** Whether {@code chosen} (a node per instance) still fits on these nodes for {@code [from, to)}. */
  static boolean holds(List<NodeRoom> nodes, List<String> chosen, Resources each, Instant from, Instant to) {
    for (NodeRoom node : nodes) {
      long count = chosen.stream().filter(node.nodeId()::equals).count();
      if (!each.times(count).fitsIn(node.leftFor(from, to))) {
        return false;
      }
    }
    return nodes.stream().map(NodeRoom::nodeId).collect(java.util.stream.Collectors.toSet()).containsAll(chosen);
  }

  private static Comparator<Candidate> bestFit(Resources each) {
    boolean cpuDominant = each.cpuMillis() * 1024 >= each.memoryMiB();
    return Comparator.<Candidate>comparingInt(c -> each.gpus() == 0 && c.node.capacity().gpus() > 0 ? 1 : 0)
        .thenComparingLong(c -> each.gpus() > 0 ? c.left.gpus() : 0)
        .thenComparingLong(c -> cpuDominant ? c.left.cpuMillis() : c.left.memoryMiB())
        .thenComparing(c -> c.node.nodeId());
  }

  /** A node and what is still left on it as instances are assigned. */
  private static final class Candidate {
    final NodeRoom node;
    Resources left;

    Candidate(NodeRoom node, Resources left) {
      this.node = node;
      this.left = left;
    }
  }
}
