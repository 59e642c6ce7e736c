package dev.atrium.cli;

import dev.atrium.cli.output.Output;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, before or after its name. */
public final class GlobalOptions {

  @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "Atrium's address (default: ATRIUM_SERVER, else the one signed in to)")
  String server;

  @Option(names = "--tenant", scope = ScopeType.INHERIT, paramLabel = "SLUG", description = "The tenant to act on (default: the last used, or your only one)")
  String tenant;

  @Option(names = {"-o", "--output-format"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", description = "table, json or yaml (default: table on a terminal, else json)")
  Output.Format output;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Ids only, one per line")
  boolean quiet;

  @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "Read the access token from FILE (for scripts)")
  Path tokenFile;
}
