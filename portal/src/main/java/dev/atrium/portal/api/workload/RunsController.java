package dev.atrium.portal.api.workload;

import dev.atrium.cluster.cron.CronRun;
import dev.atrium.cluster.cron.CronRuns;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/** A CRON workload's runs: one per scheduled instant (or MISSED, SKIPPED, REPLACED), and runs by hand. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/workloads/{id}/runs")
@Tag(name = "Workloads")
class RunsController {

  @Schema(example = "{\"id\":\"7e1d2c3b-0000-4000-8000-000000000042\",\"scheduledAt\":\"2026-11-26T02:30:00Z\",\"manual\":false,\"state\":\"SUCCEEDED\",\"startedAt\":\"2026-11-26T02:30:01Z\",\"endedAt\":\"2026-11-26T02:41:12Z\",\"taskIds\":[\"c1a2b3c4-0000-4000-8000-000000000002\"]}")
  record RunJson(UUID id, Instant scheduledAt, boolean manual, String state, Instant startedAt, Instant endedAt, String reason, List<UUID> taskIds) {
    static RunJson of(CronRun r) {
      return new RunJson(r.id(), r.scheduledAt(), r.manual(), r.state().name(), r.startedAt(), r.endedAt(), r.reason(), r.taskIds());
    }
  }

  private final CronRuns runs;

  RunsController(CronRuns runs) {
    this.runs = runs;
  }

  @GetMapping
  @Operation(summary = "A CRON workload's runs, the latest scheduled first: state RUNNING, SUCCEEDED, FAILED, MISSED, SKIPPED or REPLACED, with the reason and task ids")
  Page<RunJson> list(
      Authentication auth,
      @PathVariable String slug,
      @PathVariable UUID id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return runs.list(Caller.of(auth).actor(), slug, id, PageRequest.of(cursor, limit)).map(RunJson::of);
  }

  @GetMapping("/{runId}")
  @Operation(summary = "One run of a cron workload and its tasks (members)")
  RunJson get(Authentication auth, @PathVariable String slug, @PathVariable UUID id, @PathVariable UUID runId) {
    return RunJson.of(runs.get(Caller.of(auth).actor(), slug, id, runId));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED) // documents it; the answer sets it with its Location
  @Operation(summary = "Start a run of a CRON workload now, under its concurrencyPolicy and the tenant's quota (audited)")
  ResponseEntity<RunJson> runNow(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    RunJson run = RunJson.of(runs.runNow(Caller.of(auth).actor(), slug, id));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + slug + "/workloads/" + id + "/runs/" + run.id())).body(run);
  }
}
