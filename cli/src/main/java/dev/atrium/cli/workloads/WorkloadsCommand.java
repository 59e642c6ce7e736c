package dev.atrium.cli.workloads;

import dev.atrium.cli.ContextCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium workloads}: launch, list, scale, wait for and stop a tenant's workloads. */
@Command(
    mixinStandardHelpOptions = true,
    name = "workloads",
    description = "A tenant's services, jobs and cron jobs.",
    subcommands = {WorkloadsCommand.Launch.class, WorkloadsCommand.Wait.class, WorkloadsCommand.Logs.class},
    footer = {"", "Example:", "  atrium workloads launch -f web.yaml", "  atrium workloads wait web --for RUNNING", "  atrium workloads scale web 3"})
public final class WorkloadsCommand extends ContextCommand {

  static final Column[] COLUMNS = {
    new Column("ID", "/id"), new Column("NAME", "/name"), new Column("KIND", "/kind"), new Column("POOL", "/pool"),
    new Column("INSTANCES", "/instances"), new Column("STATE", "/state"), new Column("REASON", "/reason")
  };
  /** YAML reads JSON too: one reader for both, which refuses a field given twice, as the API does. */
  private static final ObjectMapper SPEC =
      new ObjectMapper(new YAMLFactory()).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  @Command(
      mixinStandardHelpOptions = true,
      name = "launch",
      description = "Launch a workload described in a YAML or JSON file, in the API's shape.",
      footer = {"", "Example:", "  atrium workloads launch -f web.yaml --dry-run", "  cat web.json | atrium workloads launch -f -"})
  static final class Launch extends ContextCommand implements Runnable {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The workload (YAML or JSON); - reads standard input")
    String file;

    @Option(names = "--dry-run", description = "Say whether it would be admitted and placed now, and where; change nothing")
    boolean dryRun;

    @Override
    public void run() {
      JsonNode spec = read(file);
      Api api = context.api();
      String path = "/tenants/" + Api.encode(context.tenant(api)) + "/workloads" + (dryRun ? "?dryRun=true" : "");
      JsonNode answer = api.post(path, spec);
      if (dryRun) {
        context.output()
            .show(answer, "fits", new Column("FITS", "/fits"), new Column("REASON", "/reason"), new Column("EARLIEST", "/earliestStart"), new Column("PLACEMENTS", "/placements"));
      } else {
        context.output().show(answer, "id", COLUMNS);
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "The tenant's workloads, newest first.", footer = {"", "Example:", "  atrium workloads list -o table"})
  void list() {
    Api api = context.api();
    context.output().show(api.get("/tenants/" + Api.encode(context.tenant(api)) + "/workloads?limit=500"), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "get", description = "One workload with its tasks (by id or name).", footer = {"", "Example:", "  atrium workloads get web -o yaml"})
  void get(@Parameters(paramLabel = "WORKLOAD") String workload) {
    Api api = context.api();
    String tenant = context.tenant(api);
    JsonNode found = api.get(path(api, tenant, workload));
    if (context.tableOutput()) {
      context.output().show(found, "id", COLUMNS);
      context.out().println();
      context.output().show(found.path("tasks"), "id", new Column("TASK", "/id"), new Column("STATE", "/state"), new Column("NODE", "/node"), new Column("REASON", "/reason"));
    } else {
      context.output().show(found, "id", COLUMNS);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "scale", description = "Change a service's number of instances.", footer = {"", "Example:", "  atrium workloads scale web 3"})
  void scale(@Parameters(index = "0", paramLabel = "WORKLOAD") String workload, @Parameters(index = "1", paramLabel = "INSTANCES") int instances) {
    Api api = context.api();
    String tenant = context.tenant(api);
    context.output().show(api.patch(path(api, tenant, workload), Api.JSON.createObjectNode().put("instances", instances)), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "stop", description = "Stop a workload: its tasks are killed and give back their capacity and quota.", footer = {"", "Example:", "  atrium workloads stop web"})
  void stop(@Parameters(paramLabel = "WORKLOAD") String workload) {
    Api api = context.api();
    String tenant = context.tenant(api);
    api.delete(path(api, tenant, workload));
    context.err().println("Stopped " + workload + ".");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "logs",
      description = "The last lines each live task's container wrote (none on the simulated fleet).",
      footer = {"", "Example:", "  atrium workloads logs web --lines 20"})
  static final class Logs extends ContextCommand implements Runnable {
    @Parameters(paramLabel = "WORKLOAD") String workload;

    @Option(names = "--task", paramLabel = "ID", description = "Only this task (default: every live one)")
    String task;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "100", description = "How many lines of each, 1 to 200 (default 100)")
    int lines;

    @Override
    public void run() {
      Api api = context.api();
      String path = path(api, context.tenant(api), workload);
      List<String> tasks = new ArrayList<>();
      if (task != null) {
        tasks.add(task);
      } else {
        api.get(path).path("tasks").forEach(t -> {
          if (t.path("state").asText().matches("STAGING|RUNNING")) {
            tasks.add(t.path("id").asText());
          }
        });
      }
      for (String id : tasks) {
        JsonNode answer = api.get(path + "/tasks/" + Api.encode(id) + "/logs?lines=" + lines);
        // One task's lines as they are; several tasks' each marked with the task, like kubectl --prefix.
        String prefix = tasks.size() > 1 ? "[" + id.substring(0, Math.min(8, id.length())) + "] " : "";
        answer.path("lines").forEach(line -> context.out().println(prefix + line.asText()));
      }
      context.out().flush();
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "wait", description = "Wait until every live task of a workload is in a state (RUNNING by default).", footer = {"", "Example:", "  atrium workloads wait web --for RUNNING --timeout PT2M"})
  static final class Wait extends ContextCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKLOAD") String workload;

    @Option(names = "--for", paramLabel = "STATE", defaultValue = "RUNNING", description = "The state to wait for (default RUNNING)")
    String state;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M", description = "How long to wait at most, e.g. PT2M (default 5 minutes)")
    Duration timeout;

    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "KILLED", "LOST");
    private static final List<String> STATES = List.of("PENDING", "STAGING", "RUNNING", "FINISHED", "FAILED", "KILLED", "LOST");

    @Override
    public Integer call() throws InterruptedException {
      state = state.toUpperCase(java.util.Locale.ROOT);
      if (!STATES.contains(state)) {
        throw new Context.Usage("--for takes one of " + STATES);
      }
      Api api = context.api();
      String tenant = context.tenant(api);
      String path = path(api, tenant, workload);
      Instant until = context.clock().instant().plus(timeout);
      while (true) {
        JsonNode found = api.get(path);
        List<String> states = new ArrayList<>();
        found.path("tasks").forEach(task -> states.add(task.path("state").asText()));
        // Waiting for an end (a job FINISHED) counts every task; waiting for a live state, the live ones.
        List<String> counted = ENDED.contains(state) ? states : states.stream().filter(s -> !ENDED.contains(s)).toList();
        long ready = counted.stream().filter(state::equals).count();
        if (!counted.isEmpty() && ready == counted.size() && ready >= found.path("instances").asLong(1)) {
          context.err().println(found.path("name").asText() + ": " + ready + " of " + counted.size() + " tasks " + state + ".");
          return 0;
        }
        String summary = found.path("state").asText();
        if (!summary.equals(state) && (summary.equals("FAILED") || summary.equals("FINISHED") && !ENDED.contains(state))) {
          context.err().println(found.path("name").asText() + " is " + summary + ", not " + state + (found.hasNonNull("reason") ? ": " + found.get("reason").asText() : "") + ".");
          return 1;
        }
        if (context.clock().instant().isAfter(until)) {
          context.err().println(found.path("name").asText() + ": " + ready + " of " + counted.size() + " tasks " + state + " after " + timeout + "; giving up.");
          return 1;
        }
        Thread.sleep(1000); // the API has no watch: ask again in a second
      }
    }
  }

  /** A workload named by id, or by name (looked up among the tenant's workloads, page by page). */
  static String path(Api api, String tenant, String workload) {
    String base = "/tenants/" + Api.encode(tenant) + "/workloads/";
    if (isId(workload)) {
      return base + workload;
    }
    String cursor = null;
    do {
      JsonNode page = api.get("/tenants/" + Api.encode(tenant) + "/workloads?limit=500" + (cursor == null ? "" : "&cursor=" + Api.encode(cursor)));
      for (JsonNode w : page.path("items")) {
        if (w.path("name").asText().equals(workload)) {
          return base + w.path("id").asText();
        }
      }
      cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
    throw new dev.atrium.cli.api.ApiException(404, null, "No workload " + workload + " in tenant " + tenant + ".");
  }

  private static boolean isId(String workload) {
    try {
      return workload.length() == 36 && java.util.UUID.fromString(workload) != null;
    } catch (IllegalArgumentException notAnId) {
      return false;
    }
  }

  private static JsonNode read(String file) {
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      JsonNode spec = SPEC.readTree(in);
      if (spec == null || !spec.isObject()) {
        throw new Context.Usage(file + " does not describe a workload (a YAML or JSON object)");
      }
      return spec;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Context.Usage("No file " + file);
    } catch (IOException e) {
      throw new Context.Usage(file + " is not YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
