package dev.atrium.portal.api.workload;

import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.rollout.Rollouts;
import dev.atrium.cluster.version.Version;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A workload's versions, and the way back to the one before. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/workloads/{id}")
@Tag(name = "Workloads")
class VersionsController {

  /** {@code current}: the version the workload runs now; {@code previous}: the one a rollback returns to. */
  record VersionJson(
      int version, String image, List<String> command, Map<String, String> env, Resources resources, HealthCheck healthCheck,
      String createdBy, Instant createdAt, boolean current, boolean previous) {}

  private final Rollouts rollouts;

  VersionsController(Rollouts rollouts) {
    this.rollouts = rollouts;
  }

  @GetMapping("/versions")
  @Operation(
      summary =
          "A workload's versions, the newest first: each PATCH of image, command, env, resources or healthCheck made one."
              + " current marks the one it runs now, previous the one a rollback returns to")
  Page<VersionJson> versions(
      Authentication auth,
      @PathVariable String slug,
      @PathVariable UUID id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    Rollouts.Versions versions = rollouts.versions(Caller.of(auth).actor(), slug, id, PageRequest.of(cursor, limit));
    Integer previous = versions.previous();
    return versions.page().map(v -> json(v, v.version() == versions.current(), previous != null && v.version() == previous));
  }

  @PostMapping("/rollback")
  @Operation(
      summary =
          "Return a SERVICE (or CRON workload) to the version it ran before its last change, rolled out like an update"
              + " (audited); a second rollback returns to where the first began. 409 when it has no previous version")
  WorkloadJson rollback(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    return WorkloadJson.of(rollouts.rollback(Caller.of(auth).actor(), slug, id));
  }

  private static VersionJson json(Version v, boolean current, boolean previous) {
    var t = v.template();
    return new VersionJson(
        v.version(), t.image(), t.command(), t.env(), t.resources(), t.healthCheck(), v.createdBy(), v.createdAt(), current, previous);
  }
}
