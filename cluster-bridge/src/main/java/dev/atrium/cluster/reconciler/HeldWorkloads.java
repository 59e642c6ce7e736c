package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.workload.WorkloadStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workloads one reconciler transaction holds (share-locked, so no request deletes or scales them
 * meanwhile), each asked for once. A workload is always held before any of its tasks is locked, the
 * order requests lock them in, and never waited for: one that a request is changing is left for the
 * next round.
 */
final class HeldWorkloads {

  private final WorkloadStore workloads;
  private final Map<UUID, Optional<Boolean>> held = new HashMap<>();

  HeldWorkloads(WorkloadStore workloads) {
    this.workloads = workloads;
  }

  /** Empty when a request is changing the workload now; else whether it is ACTIVE. */
  Optional<Boolean> hold(UUID workloadId) {
    return held.computeIfAbsent(workloadId, workloads::holdIfFree);
  }
}
