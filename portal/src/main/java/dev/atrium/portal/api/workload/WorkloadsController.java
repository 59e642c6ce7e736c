package dev.atrium.portal.api.workload;

import dev.atrium.cluster.cron.CronRuns;
import dev.atrium.cluster.rollout.Rollouts;
import dev.atrium.cluster.rollout.VersionChange;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.reservation.DryRun;
import dev.atrium.cluster.workload.ConcurrencyPolicy;
import dev.atrium.cluster.workload.CronSpec;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.portal.api.idempotency.Idempotency;
import dev.atrium.portal.api.input.ResourcesBody;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping("/api/v1/tenants/{slug}/workloads")
@Tag(name = "Workloads", description = "Services, jobs and cron jobs, their tasks, versions and runs")
class WorkloadsController {

  @Schema(example = "{\"name\":\"web\",\"kind\":\"SERVICE\",\"image\":\"localhost/busybox:latest\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"],\"resources\":{\"cpuMillis\":250,\"memoryMiB\":128,\"gpus\":0},\"instances\":2,\"pool\":\"local\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}]}")
  record CreateWorkload(
      String name,
      WorkloadKind kind,
      String image,
      List<String> command,
      Map<String, String> env,
      ResourcesBody resources,
      Integer instances,
      String pool,
      Map<String, String> nodeLabels,
      Integer durationSeconds,
      UUID reservation,
      String schedule,
      String timeZone,
      ConcurrencyPolicy concurrencyPolicy,
      Integer startingDeadlineSeconds,
      Boolean suspended,
      HealthCheck healthCheck,
      String spreadBy,
      List<Port> ports,
      RolloutBody rollout) {

    /** The CRON part, if any of its fields is given. */
    CronSpec cron() {
      boolean any = schedule != null || timeZone != null || concurrencyPolicy != null || startingDeadlineSeconds != null || suspended != null;
      return any || kind == WorkloadKind.CRON ? new CronSpec(schedule, timeZone, concurrencyPolicy, startingDeadlineSeconds, suspended) : null;
    }
  }

  /**
   * Scale ({@code instances}) and, for a CRON workload, suspend or resume ({@code suspended}); or
   * change what the containers run (a new version) and how it rolls out.
   */
  @Schema(example = "{\"instances\":3}")
  record Change(
      Integer instances,
      Boolean suspended,
      String image,
      List<String> command,
      Map<String, String> env,
      ResourcesBody resources,
      HealthCheck healthCheck,
      RolloutBody rollout) {

    boolean changesVersion() {
      return image != null || command != null || env != null || resources != null || healthCheck != null || rollout != null;
    }

    VersionChange version() {
      return new VersionChange(
          image, command, env,
          resources == null ? null : new VersionChange.PartialResources(resources.cpuMillis(), resources.memoryMiB(), resources.gpus()),
          healthCheck,
          rollout == null ? null : rollout.strategy(), rollout == null ? null : rollout.paused());
    }
  }

  @Schema(example = "{\"fits\":true,\"placements\":[{\"instance\":0,\"node\":\"sim-00001\"},{\"instance\":1,\"node\":\"sim-00002\"}]}")
  record DryRunJson(boolean fits, List<Placed> placements, String reason, java.time.Instant earliestStart) {

    record Placed(int instance, String node) {}

    static DryRunJson of(DryRun d) {
      return new DryRunJson(
          d.fits(),
          d.placements().stream().map(p -> new Placed(p.instance(), Node.nameOf(p.nodeId()))).toList(),
          d.reason(),
          d.earliestStart());
    }
  }

  private final WorkloadService workloads;
  private final CronRuns cronRuns;
  private final Rollouts rollouts;
  private final Idempotency idempotency;

  WorkloadsController(WorkloadService workloads, CronRuns cronRuns, Rollouts rollouts, Idempotency idempotency) {
    this.workloads = workloads;
    this.rollouts = rollouts;
    this.cronRuns = cronRuns;
    this.idempotency = idempotency;
  }

  @GetMapping
  @Operation(summary = "The tenant's workloads, newest first, each with its live tasks and its last 20 ended ones")
  Page<WorkloadJson> list(
      Authentication auth,
      @PathVariable String slug,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return workloads.list(Caller.of(auth).actor(), slug, PageRequest.of(cursor, limit)).map(WorkloadJson::of);
  }

  @ApiResponse(responseCode = "201", description = "Admitted: the workload and its tasks", content = @Content(schema = @Schema(implementation = WorkloadJson.class)))
  @ApiResponse(
      responseCode = "200",
      description = "With ?dryRun=true: whether it would be admitted and placed now, and where; nothing changes",
      content = @Content(schema = @Schema(implementation = DryRunJson.class)))
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED) // documents it; the answer sets it with its Location
  @Operation(
      summary =
          "Launch a workload: admitted against the quota and placed on nodes in one transaction. A SERVICE may declare"
              + " healthCheck ({command} or {http: {port, path}}, intervalSeconds, timeoutSeconds, failureThreshold,"
              + " gracePeriodSeconds), ports ([{name, containerPort}], answered as endpoints [{task, port, address}]) and spreadBy"
              + " (a node label its instances spread over) and rollout ({maxSurge, maxUnavailable}, default 1 and 0: how a new"
              + " version replaces the old one); a CRON workload schedule, timeZone, concurrencyPolicy,"
              + " startingDeadlineSeconds and suspended. With ?dryRun=true: 200"
              + " {fits, placements, reason?, earliestStart?} — would it be admitted and placed now, and if not why and from"
              + " when — and nothing is written")
  ResponseEntity<?> create(
      Authentication auth,
      @PathVariable String slug,
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @RequestParam(required = false) boolean dryRun,
      @RequestBody CreateWorkload body) {
    Caller caller = Caller.of(auth);
    if (dryRun) {
      return ResponseEntity.ok(DryRunJson.of(workloads.dryRun(caller.actor(), slug, spec(body))));
    }
    return idempotency.run(
        caller,
        key,
        "POST /api/v1/tenants/" + slug + "/workloads",
        body,
        () -> {
          WorkloadJson created = WorkloadJson.of(workloads.create(caller.actor(), slug, spec(body)));
          return ResponseEntity.created(URI.create("/api/v1/tenants/" + slug + "/workloads/" + created.id())).body(created);
        });
  }

  @GetMapping("/{id}")
  @Operation(summary = "A workload with its live tasks, its last ended ones, its endpoints and its rollout (members)")
  WorkloadJson get(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    return WorkloadJson.of(workloads.get(Caller.of(auth).actor(), slug, id));
  }

  @GetMapping("/{id}/tasks")
  @Operation(summary = "Every task the workload has had, newest first; ?state= keeps those in one state")
  Page<WorkloadJson.TaskJson> tasks(
      Authentication auth,
      @PathVariable String slug,
      @PathVariable UUID id,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return workloads.tasks(Caller.of(auth).actor(), slug, id, taskState(state), PageRequest.of(cursor, limit)).map(WorkloadJson.TaskJson::of);
  }

  @PatchMapping("/{id}")
  @Operation(
      summary =
          "Scale a workload to {instances} (a CRON workload's runs to come have that many); {suspended: true|false} suspends"
              + " or resumes a CRON workload (resumed, it runs next at its first scheduled time from now). A change of image,"
              + " command, env, resources or healthCheck makes a new version (audited, listed at …/versions): a SERVICE rolls"
              + " it out, starting up to rollout.maxSurge new tasks over its instances and stopping old ones while at most"
              + " rollout.maxUnavailable are not running (with the defaults 1 and 0, each new task is healthy before an old one"
              + " stops); a CRON workload's runs to come run it; a JOB's cannot change (409); resources keeps the fields it does"
              + " not name. The workload answers version and rollout {version, state PROGRESSING|COMPLETE|PAUSED|FAILED, updated,"
              + " available, old, instances, reason?, previousVersion?, maxSurge, maxUnavailable}: a rollout whose new tasks fail"
              + " 3 times without one becoming healthy, or that makes no progress in 10 minutes, stops FAILED with the reason, and"
              + " the service is brought back to its instances with the version it came from."
              + " {rollout: {paused: true|false}} pauses or resumes it; {rollout: {maxSurge, maxUnavailable}} changes how it"
              + " rolls (not both 0). Scaling waits until a rollout is COMPLETE (409)")
  WorkloadJson change(Authentication auth, @PathVariable String slug, @PathVariable UUID id, @RequestBody Change body) {
    var actor = Caller.of(auth).actor();
    if (body.changesVersion()) {
      new Validator()
          .require(body.instances() == null, "instances", "changes in a request of its own, once the rollout is complete")
          .require(body.suspended() == null, "suspended", "changes in a request of its own")
          .throwIfInvalid();
      return WorkloadJson.of(rollouts.change(actor, slug, id, body.version()));
    }
    if (body.suspended() != null) {
      return WorkloadJson.of(cronRuns.change(actor, slug, id, body.instances(), body.suspended()));
    }
    if (body.instances() == null) {
      throw ValidationException.of("instances", "is required (or suspended, for a CRON workload)");
    }
    return WorkloadJson.of(workloads.scale(actor, slug, id, body.instances()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Stop a workload: its tasks are killed and give back their capacity and quota")
  ResponseEntity<Void> delete(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    workloads.delete(Caller.of(auth).actor(), slug, id);
    return ResponseEntity.noContent().build();
  }

  private static TaskState taskState(String state) {
    if (state == null || state.isEmpty()) {
      return null;
    }
    return Arrays.stream(TaskState.values())
        .filter(s -> s.name().equals(state))
        .findFirst()
        .orElseThrow(() -> ValidationException.of("state", "must be one of " + Arrays.toString(TaskState.values())));
  }

  private static WorkloadSpec spec(CreateWorkload body) {
    if (body.rollout() != null && body.rollout().paused() != null) {
      throw ValidationException.of("rollout.paused", "is for a change of a workload: a new workload has no rollout to pause");
    }
    return new WorkloadSpec(
        body.name(),
        body.kind(),
        body.image(),
        body.command(),
        body.env(),
        ResourcesBody.required(body.resources()),
        body.instances(),
        body.pool(),
        body.nodeLabels(),
        body.durationSeconds(),
        body.reservation(),
        body.cron(),
        body.healthCheck(),
        body.spreadBy(),
        body.ports(),
        body.rollout() == null ? null : body.rollout().strategy());
  }
}
