package dev.atrium.cli.usage;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atrium usage export}: metered usage into a file, streamed. */
@Command(
    mixinStandardHelpOptions = true,
    name = "usage",
    description = "Metered usage: what tenants held, hour by hour.",
    footer = {"", "Example:", "  atrium usage export --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --output november.csv"},
    subcommands = UsageCommand.Export.class)
public final class UsageCommand {

  @Command(
      mixinStandardHelpOptions = true,
      name = "export",
      description = {
        "Export usage into a file as it arrives (never all of it in memory), with a progress line.",
        "Every tenant's (billing-reader, platform-admin; a billing job signs in with ATRIUM_CLIENT_ID and ATRIUM_CLIENT_SECRET),"
            + " or one tenant's with --tenant (its members)."
      },
      footer = {"", "Example:", "  atrium usage export --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --format focus --output november.csv"})
  static final class Export extends ContextCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "INSTANT") String from;
    @Option(names = "--to", required = true, paramLabel = "INSTANT") String to;
    @Option(names = "--granularity", defaultValue = "HOUR", description = "HOUR (default), DAY or MONTH") String granularity;
    @Option(names = "--format", defaultValue = "csv", description = "csv (default), jsonl or focus") String format;
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write it") Path output;

    @Override
    public Integer call() {
      Api api = context.api();
      String tenant = context.explicitTenant();
      String query =
          "?from=" + Api.encode(from) + "&to=" + Api.encode(to) + "&granularity=" + Api.encode(granularity) + "&format=" + Api.encode(format);
      String path = (tenant == null ? "/usage" : "/tenants/" + Api.encode(tenant) + "/usage") + query;
      Progress progress = new Progress(context);
      long bytes = api.download(path, output, progress::bytes);
      progress.done(bytes, output);
      return 0;
    }
  }

  /** One line on the terminal, rewritten as bytes arrive; nothing but the last line when not a terminal. */
  private static final class Progress {
    private final Context context;
    private long shownAt = -1;

    Progress(Context context) {
      this.context = context;
    }

    void bytes(long written) {
      if (!context.terminal()) {
        return; // a log file gets the last line only
      }
      long now = context.clock().millis();
      if (shownAt < 0 || now - shownAt >= 200) {
        shownAt = now;
        context.err().print("\rExporting… " + size(written));
        context.err().flush();
      }
    }

    void done(long written, Path file) {
      context.err().println("\rExported " + size(written) + " to " + file + ".");
    }

    private static String size(long bytes) {
      return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }
  }
}
