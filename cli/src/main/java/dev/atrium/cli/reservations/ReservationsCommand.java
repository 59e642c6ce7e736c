package dev.atrium.cli.reservations;

import dev.atrium.cli.ContextCommand;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium reservations}: capacity booked ahead for a time window. */
@Command(
    mixinStandardHelpOptions = true,
    name = "reservations",
    description = "Capacity booked ahead for a window [start, end): checked against the quota and the pool when booked.",
    footer = {
      "", "Example:",
      "  atrium reservations availability --pool sim --cpu 4000 --memory 16384 --instances 2 --duration PT6H",
      "  atrium reservations book nightly --pool sim --cpu 4000 --memory 16384 --instances 2 --start 2026-12-01T22:00:00Z --end 2026-12-02T04:00:00Z"
    },
    subcommands = {ReservationsCommand.Book.class, ReservationsCommand.Availability.class})
public final class ReservationsCommand extends ContextCommand {

  private static final Column[] COLUMNS = {
    new Column("ID", "/id"), new Column("NAME", "/name"), new Column("POOL", "/pool"), new Column("INSTANCES", "/instances"),
    new Column("START", "/start"), new Column("END", "/end"), new Column("STATE", "/state")
  };

  /** One slot's size, and how many. */
  static final class Shape {
    @Option(names = "--pool", required = true) String pool;
    @Option(names = "--cpu", required = true, paramLabel = "MILLICORES", description = "CPU of each instance, in millicores") long cpu;
    @Option(names = "--memory", required = true, paramLabel = "MIB", description = "Memory of each instance, in MiB") long memory;
    @Option(names = "--gpus", defaultValue = "0", paramLabel = "N") long gpus;
    @Option(names = "--instances", defaultValue = "1", paramLabel = "N") int instances;
  }

  @Command(mixinStandardHelpOptions = true, name = "book", description = "Book capacity for a window; refused (exit 4) when the quota or the pool cannot hold it.", footer = {"", "Example:", "  atrium reservations book nightly --pool sim --cpu 4000 --memory 16384 --instances 2 --start 2026-12-01T22:00:00Z --end 2026-12-02T04:00:00Z"})
  static final class Book extends ContextCommand implements Runnable {
    @Parameters(paramLabel = "NAME") String name;
    @Mixin Shape shape;
    @Option(names = "--start", required = true, paramLabel = "INSTANT", description = "e.g. 2026-12-01T22:00:00Z") Instant start;
    @Option(names = "--end", required = true, paramLabel = "INSTANT") Instant end;

    @Override
    public void run() {
      Api api = context.api();
      ObjectNode body = Api.JSON.createObjectNode().put("name", name).put("pool", shape.pool).put("instances", shape.instances);
      body.putObject("resources").put("cpuMillis", shape.cpu).put("memoryMiB", shape.memory).put("gpus", shape.gpus);
      body.put("start", start.toString()).put("end", end.toString());
      context.output().show(api.post(path(context, api), body), "id", COLUMNS);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "The tenant's reservations.", footer = {"", "Example:", "  atrium reservations list --tenant acme -o table"})
  void list() {
    Api api = context.api();
    context.output().show(api.get(path(context, api) + "?limit=500"), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "get", description = "One reservation with its slots.", footer = {"", "Example:", "  atrium reservations get 9b7d0c1e-2f4a-4c55-8e0b-6a3d2c1f9e77"})
  void get(@Parameters(paramLabel = "ID") String id) {
    Api api = context.api();
    context.output().show(api.get(path(context, api) + "/" + Api.encode(id)), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "cancel", description = "Cancel a BOOKED or ACTIVE reservation: its slots are free at once.", footer = {"", "Example:", "  atrium reservations cancel 9b7d0c1e-2f4a-4c55-8e0b-6a3d2c1f9e77"})
  void cancel(@Parameters(paramLabel = "ID") String id) {
    Api api = context.api();
    context.output().show(api.delete(path(context, api) + "/" + Api.encode(id)), "id", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "availability", description = "The first windows (at most 10) in which that many instances fit.", footer = {"", "Example:", "  atrium reservations availability --pool sim --cpu 4000 --memory 16384 --instances 2 --duration PT6H"})
  static final class Availability extends ContextCommand implements Runnable {
    @Mixin Shape shape;
    @Option(names = "--duration", required = true, paramLabel = "DURATION", description = "e.g. PT6H") Duration duration;
    @Option(names = "--from", paramLabel = "INSTANT") Instant from;

    @Override
    public void run() {
      Api api = context.api();
      String query =
          "?pool=" + Api.encode(shape.pool) + "&cpuMillis=" + shape.cpu + "&memoryMiB=" + shape.memory + "&gpus=" + shape.gpus
              + "&instances=" + shape.instances + "&duration=" + duration + (from == null ? "" : "&from=" + Api.encode(from.toString()));
      context.output().show(api.get(path(context, api) + "/availability" + query).path("windows"), "start", new Column("START", "/start"), new Column("END", "/end"));
    }
  }

  private static String path(Context context, Api api) {
    return "/tenants/" + Api.encode(context.tenant(api)) + "/reservations";
  }
}
