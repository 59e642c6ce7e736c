package dev.atrium.cluster.reservation;

import java.util.UUID;

/**
 * A reservation ended or was cancelled, inside the transaction that finished it: what still runs in
 * it must stop in the same transaction.
 */
public record ReservationFinished(UUID reservationId, UUID tenantId, String reason) {}
