package dev.atrium.cli.tenants;

import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code atrium tenants}: the tenants the caller sees. */
@Command(
    name = "tenants",
    description = "Tenants: every one for platform admins, your own for everyone else.",
    footer = {"", "Example:", "  atrium tenants list", "  atrium tenants get acme -o yaml"})
public final class TenantsCommand {

  private static final Column[] COLUMNS = {
    new Column("SLUG", "/slug"), new Column("NAME", "/displayName"), new Column("STATE", "/state"),
    new Column("CPU (m)", "/quota/cpuMillis"), new Column("MEMORY (MiB)", "/quota/memoryMiB"), new Column("GPUS", "/quota/gpus")
  };

  private final Context context;

  TenantsCommand(Context context) {
    this.context = context;
  }

  @Command(name = "list", description = "List the tenants you see.")
  void list() {
    context.output().show(context.api().get("/tenants?limit=500"), "slug", COLUMNS);
  }

  @Command(name = "get", description = "One tenant, with its quota and what it holds now.")
  void get(@Parameters(paramLabel = "SLUG") String slug) {
    context.output().show(context.api().get("/tenants/" + Api.encode(slug)), "slug", COLUMNS);
  }
}
