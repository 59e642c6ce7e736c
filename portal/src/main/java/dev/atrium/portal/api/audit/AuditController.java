package dev.atrium.portal.api.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.audit.AuditEvent;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.audit.AuditQuery;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Every change, who made it and when")
class AuditController {

  @Schema(example = "{\"id\":1042,\"occurredAt\":\"2026-11-26T09:12:00Z\",\"actor\":\"ada\",\"tenant\":\"acme\",\"action\":\"quota.update\",\"target\":\"tenant/acme/quota\",\"before\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,\"workloads\":20},\"after\":{\"cpuMillis\":8000,\"memoryMiB\":8192,\"gpus\":0,\"workloads\":20}}")
  record AuditJson(
      long id,
      Instant occurredAt,
      String actor,
      String tenant,
      String action,
      String target,
      @JsonRawValue String before,
      @JsonRawValue String after) {
    static AuditJson of(AuditEvent e) {
      return new AuditJson(e.id(), e.occurredAt(), e.actor(), e.tenant(), e.action(), e.target(), e.before(), e.after());
    }
  }

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping
  @Operation(summary = "Audit events, newest first (platform admins)")
  Page<AuditJson> events(
      Authentication auth,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return audit
        .query(Caller.of(auth).actor(), new AuditQuery(tenant, actor, from, to), PageRequest.of(cursor, limit))
        .map(AuditJson::of);
  }
}
