package dev.atrium.cluster.reservation;

/** BOOKED until its start, ACTIVE in its window, then ENDED; or CANCELLED by its tenant. */
public enum ReservationState {
  BOOKED,
  ACTIVE,
  ENDED,
  CANCELLED;

  public boolean over() {
    return this == ENDED || this == CANCELLED;
  }
}
