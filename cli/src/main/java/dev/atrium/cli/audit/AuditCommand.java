package dev.atrium.cli.audit;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atrium audit list}: every change, who made it and when (platform admins). */
@Command(mixinStandardHelpOptions = true, name = "audit", description = "Every change, who made it and when (platform admins).",
    footer = {"", "Example:", "  atrium audit list --about acme"}, subcommands = AuditCommand.List.class)
public final class AuditCommand {

  @Command(mixinStandardHelpOptions = true, name = "list", description = "Audit events, newest first.", footer = {"", "Example:", "  atrium audit list --about acme --from 2026-11-01T00:00:00Z"})
  static final class List extends ContextCommand implements Runnable {
    @Option(names = "--about", paramLabel = "TENANT", description = "Only events about this tenant") String tenant;
    @Option(names = "--actor", paramLabel = "USERNAME") String actor;
    @Option(names = "--from", paramLabel = "INSTANT") String from;
    @Option(names = "--to", paramLabel = "INSTANT") String to;

    @Override
    public void run() {
      StringBuilder query = new StringBuilder("?limit=500");
      add(query, "tenant", tenant);
      add(query, "actor", actor);
      add(query, "from", from);
      add(query, "to", to);
      context.output()
          .show(
              context.api().get("/audit" + query),
              "id",
              new Column("WHEN", "/occurredAt"), new Column("ACTOR", "/actor"), new Column("TENANT", "/tenant"),
              new Column("ACTION", "/action"), new Column("TARGET", "/target"));
    }
  }

  private static void add(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append('&').append(name).append('=').append(Api.encode(value));
    }
  }
}
