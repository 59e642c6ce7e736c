package dev.atrium.cli.cluster;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium nodes}: the fleet's nodes, for platform admins. */
@Command(
    mixinStandardHelpOptions = true,
    name = "nodes",
    description = "The fleet's nodes, with capacity, what is allocated and their state (platform admins).",
    footer = {"", "Example:", "  atrium nodes list --pool sim", "  atrium nodes drain sim/sim-00003", "  atrium nodes ready sim/sim-00003"},
    subcommands = NodesCommand.List.class)
public final class NodesCommand extends ContextCommand {

  private static final Column[] COLUMNS = {
    new Column("NODE", "/id"), new Column("STATE", "/state"), new Column("CPU (m)", "/capacity/cpuMillis"),
    new Column("ALLOCATED", "/allocated/cpuMillis"), new Column("MEMORY (MiB)", "/capacity/memoryMiB"),
    new Column("ALLOCATED", "/allocated/memoryMiB"), new Column("GPUS", "/capacity/gpus"), new Column("REASON", "/stateReason")
  };

  @Command(mixinStandardHelpOptions = true, name = "list", description = "Every node, or one pool's.", footer = {"", "Example:", "  atrium nodes list --pool sim"})
  static final class List extends ContextCommand implements Runnable {
    @Option(names = "--pool", description = "Only this pool's nodes") String pool;

    @Override
    public void run() {
      context.output().show(context.api().get("/cluster/nodes" + (pool == null ? "" : "?pool=" + Api.encode(pool))), "id", COLUMNS);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "cordon", description = "Take no new work on a node; services move off it, jobs run out (DRAINING).", footer = {"", "Example:", "  atrium nodes cordon sim/sim-00003"})
  void cordon(@Parameters(paramLabel = "POOL/NAME") String node) {
    state(node, "DRAINING");
  }

  @Command(mixinStandardHelpOptions = true, name = "drain", description = "The same as cordon: Atrium drains what it cordons (DRAINING).", footer = {"", "Example:", "  atrium nodes drain sim/sim-00003"})
  void drain(@Parameters(paramLabel = "POOL/NAME") String node) {
    state(node, "DRAINING");
  }

  @Command(mixinStandardHelpOptions = true, name = "ready", description = "Return a node to service (READY).", footer = {"", "Example:", "  atrium nodes ready sim/sim-00003"})
  void ready(@Parameters(paramLabel = "POOL/NAME") String node) {
    state(node, "READY");
  }

  private void state(String node, String state) {
    int slash = node.indexOf('/');
    if (slash <= 0 || slash == node.length() - 1) {
      throw new Context.Usage("Name a node as POOL/NAME, e.g. sim/sim-00003");
    }
    String path = "/cluster/nodes/" + Api.encode(node.substring(0, slash)) + "/" + Api.encode(node.substring(slash + 1));
    context.output().show(context.api().patch(path, Api.JSON.createObjectNode().put("state", state)), "id", COLUMNS);
  }
}
