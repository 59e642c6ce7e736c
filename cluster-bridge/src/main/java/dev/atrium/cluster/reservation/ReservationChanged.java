package dev.atrium.cluster.reservation;

import java.util.UUID;

/** One of the tenant's reservations was booked, started, ended or cancelled (for views that show them live). */
public record ReservationChanged(UUID tenantId) {}
