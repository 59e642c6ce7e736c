package dev.atrium.cli.tenants;

import dev.atrium.cli.ContextCommand;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code atrium quota}: a tenant's quota and what it holds now. */
@Command(
    mixinStandardHelpOptions = true,
    name = "quota",
    description = "A tenant's quota and the usage held now; platform admins set it.",
    footer = {"", "Example:", "  atrium quota get --tenant acme", "  atrium quota set --tenant acme --cpu 8000"},
    subcommands = QuotaCommand.Set.class)
public final class QuotaCommand extends ContextCommand {

  private static final Column[] COLUMNS = {
    new Column("CPU (m)", "/quota/cpuMillis"), new Column("USED", "/usage/cpuMillis"),
    new Column("MEMORY (MiB)", "/quota/memoryMiB"), new Column("USED", "/usage/memoryMiB"),
    new Column("GPUS", "/quota/gpus"), new Column("USED", "/usage/gpus"),
    new Column("WORKLOADS", "/quota/workloads"), new Column("USED", "/usage/workloads")
  };

  @Command(mixinStandardHelpOptions = true, name = "get", description = "The tenant's quota and what it holds now.", footer = {"", "Example:", "  atrium quota get --tenant acme"})
  void get() {
    Api api = context.api();
    context.output().show(api.get(path(context, api)), "cpuMillis", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "set", description = "Change some limits; the others stay. Refused (exit 4) if someone changed the quota meanwhile.", footer = {"", "Example:", "  atrium quota set --tenant acme --cpu 8000 --memory 16384"})
  static final class Set extends ContextCommand implements Runnable {
    @Mixin QuotaOptions limits;

    @Override
    public void run() {
      if (limits.none()) {
        throw new Context.Usage("Name at least one of --cpu, --memory, --gpus, --workloads");
      }
      Api api = context.api();
      String path = path(context, api);
      Api.Tagged current = api.getTagged(path);
      JsonNode changed = api.put(path, limits.over(current.body().path("quota")), current.etag());
      context.output().show(changed, "cpuMillis", COLUMNS);
    }
  }

  private static String path(Context context, Api api) {
    return "/tenants/" + Api.encode(context.tenant(api)) + "/quota";
  }
}
