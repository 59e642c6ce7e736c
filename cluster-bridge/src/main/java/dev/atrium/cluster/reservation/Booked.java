package dev.atrium.cluster.reservation;

import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Capacity kept for {@code [start, end)}: a reservation's slot on a node, or a tenant's whole reservation. */
record Booked(Resources resources, Instant start, Instant end) {

  boolean covers(Instant at) {
    return !start.isAfter(at) && end.isAfter(at);
  }

  /**
   * The most that {@code bookings} keep at once within {@code [from, to)}, each resource on its own
   * (a bound that is never below what is really kept at any instant). The sum only changes where a
   * booking starts, so those instants and {@code from} are the only ones to look at.
   */
  static Resources peak(Collection<Booked> bookings, Instant from, Instant to) {
    List<Instant> instants = new ArrayList<>();
    instants.add(from);
    for (Booked b : bookings) {
      if (b.start().isAfter(from) && b.start().isBefore(to)) {
        instants.add(b.start());
      }
    }
    long cpu = 0;
    long memory = 0;
    long gpus = 0;
    for (Instant at : instants) {
      Resources sum = Resources.NONE;
      for (Booked b : bookings) {
        if (b.covers(at)) {
          sum = sum.plus(b.resources());
        }
      }
      cpu = Math.max(cpu, sum.cpuMillis());
      memory = Math.max(memory, sum.memoryMiB());
      gpus = Math.max(gpus, sum.gpus());
    }
    return new Resources(cpu, memory, gpus);
  }
}
