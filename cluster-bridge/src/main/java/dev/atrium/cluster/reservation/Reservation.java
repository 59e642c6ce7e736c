package dev.atrium.cluster.reservation;

import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A tenant's booking of capacity for a window, with the node slot of each of its instances. */
public record Reservation(
    UUID id,
    UUID tenantId,
    String name,
    String pool,
    Resources resources,
    int instances,
    Map<String, String> nodeLabels,
    Instant start,
    Instant end,
    ReservationState state,
    String reason,
    Instant createdAt,
    List<Slot> slots) {

  /** A reservation with the slug of its tenant, as platform admins see the fleet's bookings. */
  public record OfTenant(String tenant, Reservation reservation) {}

  /** Where one instance's capacity is kept. */
  public record Slot(int instance, String nodeId) {}

  /** What the whole reservation keeps: every instance's resources. */
  public Resources total() {
    return resources.times(instances);
  }
}
