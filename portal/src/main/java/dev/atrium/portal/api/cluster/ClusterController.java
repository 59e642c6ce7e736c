package dev.atrium.portal.api.cluster;

import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Pool;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.page.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cluster")
@Tag(name = "Cluster")
class ClusterController {

  private final Fleet fleet;

  ClusterController(Fleet fleet) {
    this.fleet = fleet;
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
