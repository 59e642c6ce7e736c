package dev.atrium.cli;

import dev.atrium.cli.api.ApiException;
import dev.atrium.cli.auth.Login;
import dev.atrium.cli.auth.Logout;
import dev.atrium.cli.auth.Tokens;
import dev.atrium.cli.auth.Whoami;
import dev.atrium.cli.audit.AuditCommand;
import dev.atrium.cli.cluster.NodesCommand;
import dev.atrium.cli.reservations.ReservationsCommand;
import dev.atrium.cli.tenants.MembersCommand;
import dev.atrium.cli.tenants.QuotaCommand;
import dev.atrium.cli.tenants.TenantsCommand;
import dev.atrium.cli.usage.UsageCommand;
import dev.atrium.cli.workloads.RunsCommand;
import dev.atrium.cli.workloads.WorkloadsCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code atrium}: Atrium from a terminal, through its REST API only. Exit codes: 0 done, 1 failed,
 * 2 bad usage, 3 not found, 4 a conflict or the quota, 5 not signed in or not allowed.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "atrium",
    versionProvider = Atrium.Version.class,
    description = "Atrium from a terminal: sign in, launch and watch workloads, book capacity, export usage.",
    footer = {"", "Example:", "  atrium login --server https://atrium.example", "  atrium workloads launch -f web.yaml"},
    subcommands = {
      Login.class,
      Logout.class,
      Whoami.class,
      TenantsCommand.class,
      QuotaCommand.class,
      MembersCommand.class,
      WorkloadsCommand.class,
      RunsCommand.class,
      ReservationsCommand.class,
      UsageCommand.class,
      NodesCommand.class,
      AuditCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    })
public final class Atrium {

  @Mixin GlobalOptions options;

  public static void main(String[] args) {
    boolean terminal = terminal();
    System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC(), terminal));
  }

  /**
   * Whether standard output is a terminal. From Java 22 on, a console exists even when output is
   * piped, and {@code Console.isTerminal()} says whether it is one.
   */
  private static boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException beforeJava22) {
      return true;
    }
  }

  /** Runs one command line; answers its exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
    Context context = new Context(env, out, err, clock, terminal);
    CommandLine line = new CommandLine(Atrium.class, new Factory(context));
    context.options = ((Atrium) line.getCommand()).options;
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println(message(e));
          return exitCode(e);
        });
    int exit = line.execute(args);
    if (exit == 0) {
      context.rememberTenant();
    }
    return exit;
  }

  private static String message(Exception e) {
    if (e instanceof ApiException refused) {
      return refused.describe();
    }
    if (e instanceof UncheckedIOException io) {
      return io.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static int exitCode(Exception e) {
    if (e instanceof ApiException refused) {
      return refused.exitCode();
    }
    if (e instanceof Tokens.NotSignedIn) {
      return ApiException.AUTH;
    }
    if (e instanceof Context.Usage || e instanceof IllegalArgumentException) {
      return CommandLine.ExitCode.USAGE;
    }
    return ApiException.OTHER;
  }

  /** Makes commands, handing the {@link Context} to those that run with it. */
  private record Factory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      K made = CommandLine.defaultFactory().create(type);
      if (made instanceof ContextCommand command) {
        command.use(context);
      }
      return made;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Atrium.class.getPackage().getImplementationVersion();
      return new String[] {"atrium " + (version == null ? "development" : version)};
    }
  }
}
