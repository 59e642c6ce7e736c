package dev.atrium.portal.api.cluster;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.NodeService;
import dev.atrium.cluster.pool.Pool;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.page.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping("/api/v1/cluster")
@Tag(name = "Cluster", description = "Pools and nodes of the fleet (platform admins)")
class ClusterController {

  private final Fleet fleet;
  private final NodeService nodes;

  private final ReservationService reservationService;

  ClusterController(Fleet fleet, NodeService nodes, ReservationService reservationService) {
    this.reservationService = reservationService;
    this.fleet = fleet;
    this.nodes = nodes;
  }

  /** A node's new state: {@code READY}, {@code DRAINING} or {@code DOWN}. */
  @Schema(example = "{\"state\":\"DRAINING\"}")
  record NodeStateChange(String state) {}

  @PatchMapping("/nodes/{pool}/{name}")
  @Operation(
      summary = "Cordon and drain a node (DRAINING), mark it down (DOWN) or return it (READY) (platform admins)",
      description = "DRAINING places nothing new on the node, moves its services elsewhere (each replacement runs"
          + " before the old task is stopped) and lets its jobs run out; DOWN ends what runs there (LOST) and"
          + " replaces services elsewhere. Audited as node.state.")
  Node changeState(Authentication auth, @PathVariable String pool, @PathVariable String name, @RequestBody NodeStateChange change) {
    return nodes.changeState(Caller.of(auth).actor(), pool, name, change.state());
  }

  record FleetReservation(String tenant, UUID id, String name, String pool, Resources resources, int instances, Instant start, Instant end, String state) {}

  @GetMapping("/reservations")
  @Operation(summary = "Every tenant's reservations overlapping [from, to) (default: the next 14 days), by start")
  Page<FleetReservation> reservations(
      Authentication auth, @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
    return new Page<>(
        reservationService.all(Caller.of(auth).actor(), from, to).stream()
            .map(o -> {
              Reservation r = o.reservation();
              return new FleetReservation(o.tenant(), r.id(), r.name(), r.pool(), r.resources(), r.instances(), r.start(), r.end(), r.state().name());
            })
            .toList(),
        null);
  }

  @GetMapping("/pools")
  @Operation(summary = "Pools with their driver, availability, capacity and allocation (platform admins)")
  Page<Pool> pools(Authentication auth) {
    requireAdmin(auth);
    return new Page<>(fleet.pools(), null);
  }

  @GetMapping("/nodes")
  @Operation(summary = "Nodes with capacity, allocation, labels and state (platform admins)")
  Page<Node> nodes(Authentication auth, @RequestParam(required = false) String pool) {
    requireAdmin(auth);
    return new Page<>(fleet.nodes(pool), null);
  }

  private static void requireAdmin(Authentication auth) {
    if (!Caller.of(auth).isPlatformAdmin()) {
      throw new ForbiddenException("Only a platform admin can see the fleet.");
    }
  }
}
