package dev.atrium.cluster.workload;

import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.tenancy.access.ConflictException;

/** The reservation a workload names has no free slot for its instances; nothing was admitted. */
class ReservationFullException extends ConflictException implements ClusterMetrics.CapacityRefusal {

  ReservationFullException(String message) {
    super(message);
  }
}
