package dev.atrium.cli.workloads;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code atrium runs}: a cron workload's runs, and starting one now. */
@Command(
    mixinStandardHelpOptions = true,
    name = "runs",
    description = "A CRON workload's runs: each a JOB's worth of tasks, made by its schedule or by hand.",
    footer = {"", "Example:", "  atrium runs list nightly-report", "  atrium runs start nightly-report"})
public final class RunsCommand extends ContextCommand {

  private static final Column[] COLUMNS = {
    new Column("ID", "/id"), new Column("SCHEDULED", "/scheduledAt"), new Column("STATE", "/state"), new Column("REASON", "/reason")
  };

  @Command(mixinStandardHelpOptions = true, name = "list", description = "The workload's runs, newest first.", footer = {"", "Example:", "  atrium runs list nightly-report"})
  void list(@Parameters(paramLabel = "WORKLOAD") String workload) {
    Api api = context.api();
    context.output().show(api.get(WorkloadsCommand.path(api, context.tenant(api), workload) + "/runs?limit=500"), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "start", description = "Start a run now, beside the schedule.", footer = {"", "Example:", "  atrium runs start nightly-report"})
  void start(@Parameters(paramLabel = "WORKLOAD") String workload) {
    Api api = context.api();
    context.output().show(api.post(WorkloadsCommand.path(api, context.tenant(api), workload) + "/runs", null), "id", COLUMNS);
  }
}
