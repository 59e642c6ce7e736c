package dev.atrium.portal.api.workload;

import dev.atrium.cluster.workload.TaskLogs;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.Validator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a task's container wrote last, as the portal's task list shows it. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/workloads/{id}/tasks/{task}/logs")
@Tag(name = "Workloads")
class TaskLogsController {

  @Schema(example = "{\"lines\":[\"listening on :8080\",\"GET / 200\"]}")
  record Logs(List<String> lines) {}

  private final TaskLogs logs;

  TaskLogsController(TaskLogs logs) {
    this.logs = logs;
  }

  @GetMapping
  @Operation(summary = "The last lines (1 to 200, default 100) a task's container wrote; none on the simulated fleet (members)")
  Logs tail(
      Authentication auth, @PathVariable String slug, @PathVariable UUID id, @PathVariable UUID task, @RequestParam(required = false) Integer lines) {
    int wanted = lines == null ? 100 : lines;
    Validator v = new Validator();
    v.require(wanted >= 1 && wanted <= 200, "lines", "must be from 1 to 200");
    v.throwIfInvalid();
    return new Logs(logs.tail(Caller.of(auth).actor(), slug, id, task, wanted));
  }
}
