package dev.atrium.cli.tenants;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium tenants}: the tenants the caller sees. */
@Command(
    mixinStandardHelpOptions = true,
    name = "tenants",
    description = "Tenants: every one for platform admins, your own for everyone else.",
    footer = {"", "Example:", "  atrium tenants list", "  atrium tenants get acme -o yaml"},
    subcommands = TenantsCommand.Create.class)
public final class TenantsCommand extends ContextCommand {

  private static final Column[] COLUMNS = {
    new Column("SLUG", "/slug"), new Column("NAME", "/displayName"), new Column("STATE", "/state"),
    new Column("CPU (m)", "/quota/cpuMillis"), new Column("MEMORY (MiB)", "/quota/memoryMiB"), new Column("GPUS", "/quota/gpus")
  };

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List the tenants you see.", footer = {"", "Example:", "  atrium tenants list -q"})
  void list() {
    context.output().show(context.api().get("/tenants?limit=500"), "slug", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "get", description = "One tenant, with its quota and what it holds now.", footer = {"", "Example:", "  atrium tenants get acme -o yaml"})
  void get(@Parameters(paramLabel = "SLUG") String slug) {
    context.output().show(context.api().get("/tenants/" + Api.encode(slug)), "slug", COLUMNS);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = "Create a tenant with its quota (platform admins).",
      footer = {"", "Example:", "  atrium tenants create initech --name Initech --cpu 4000 --memory 8192 --gpus 0 --workloads 20"})
  static final class Create extends ContextCommand implements Runnable {
    @Parameters(paramLabel = "SLUG") String slug;
    @Option(names = "--name", required = true, description = "Its display name") String name;
    @Mixin QuotaOptions quota;

    @Override
    public void run() {
      ObjectNode body = Api.JSON.createObjectNode().put("slug", slug).put("displayName", name);
      body.set("quota", quota.complete());
      context.output().show(context.api().post("/tenants", body), "slug", COLUMNS);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "suspend", description = "Suspend a tenant: nothing new is admitted; what runs keeps running (platform admins).", footer = {"", "Example:", "  atrium tenants suspend acme"})
  void suspend(@Parameters(paramLabel = "SLUG") String slug) {
    state(slug, "SUSPENDED");
  }

  @Command(mixinStandardHelpOptions = true, name = "resume", description = "Resume a suspended tenant (platform admins).", footer = {"", "Example:", "  atrium tenants resume acme"})
  void resume(@Parameters(paramLabel = "SLUG") String slug) {
    state(slug, "ACTIVE");
  }

  private void state(String slug, String state) {
    context.output().show(context.api().patch("/tenants/" + Api.encode(slug), Api.JSON.createObjectNode().put("state", state)), "slug", COLUMNS);
  }
}
