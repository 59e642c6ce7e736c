package dev.atrium.cli;

import dev.atrium.cli.api.Api;
import dev.atrium.cli.auth.Credentials;
import dev.atrium.cli.auth.Tokens;
import dev.atrium.cli.output.Output;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What every command runs with: the environment, where the CLI keeps its sign-in, the streams, the
 * clock, and the options every command takes ({@link GlobalOptions}).
 */
public final class Context {

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;
  private final boolean terminal;
  GlobalOptions options = new GlobalOptions();
  private Api api;
  private String chosenTenant;

  public Context(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.terminal = terminal;
  }

  public String env(String name) {
    return env.get(name);
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Clock clock() {
    return clock;
  }

  /** Whether standard output is a terminal (a person reads it) rather than a pipe or a file. */
  public boolean terminal() {
    return terminal;
  }

  /** {@code ATRIUM_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/atrium}, else {@code ~/.config/atrium}. */
  public Path configFolder() {
    if (env("ATRIUM_CONFIG_DIR") != null) {
      return Path.of(env("ATRIUM_CONFIG_DIR"));
    }
    if (env("XDG_CONFIG_HOME") != null) {
      return Path.of(env("XDG_CONFIG_HOME"), "atrium");
    }
    return Path.of(System.getProperty("user.home"), ".config", "atrium");
  }

  public Optional<Credentials> credentials() {
    return Credentials.read(configFolder());
  }

  /** The kept sign-in, if it is for {@code server}: a token of one server is never sent to another. */
  public Optional<Credentials> credentialsFor(URI server) {
    return credentials().filter(c -> c.server().equals(server.toString()));
  }

  /** {@code --server}, else {@code ATRIUM_SERVER}, else the server of the last sign-in. */
  public URI server() {
    String server = options.server != null ? options.server : env("ATRIUM_SERVER");
    if (server == null) {
      server = credentials().map(Credentials::server).orElseThrow(() -> new Usage("No server: run atrium login --server URL, or set ATRIUM_SERVER"));
    }
    return URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
  }

  public Api api() {
    if (api == null) {
      URI server = server();
      api = new Api(server, Tokens.source(this, server, options.tokenFile));
    }
    return api;
  }

  /**
   * The tenant a command acts on: {@code --tenant}, else the one last used with this sign-in, else the
   * caller's only one. Remembered (see {@link #rememberTenant}) once the command has succeeded.
   */
  public String tenant(Api api) {
    String slug = options.tenant;
    if (slug == null) {
      slug = credentialsFor(server()).map(Credentials::tenant).orElse(null);
    }
    if (slug == null) {
      var tenants = api.get("/me").path("tenants");
      if (tenants.size() != 1) {
        throw new Usage(tenants.isEmpty() ? "You belong to no tenant." : "You belong to several tenants: name one with --tenant");
      }
      slug = tenants.get(0).path("slug").asText();
    }
    chosenTenant = slug;
    return slug;
  }

  /**
   * After a command succeeded: the tenant it acted on becomes the default of the kept sign-in (read
   * again now, so that tokens refreshed meanwhile are kept). Scripts' tokens keep nothing.
   */
  void rememberTenant() {
    if (chosenTenant == null || options.tokenFile != null || env("ATRIUM_TOKEN") != null || env("ATRIUM_CLIENT_ID") != null) {
      return;
    }
    credentialsFor(server()).filter(c -> !chosenTenant.equals(c.tenant())).ifPresent(c -> c.withTenant(chosenTenant).write(configFolder()));
  }

  /** The tenant named with {@code --tenant}, or null: for commands whose default is every tenant. */
  public String explicitTenant() {
    return options.tenant;
  }

  /** Whether answers show as a table (people), rather than JSON, YAML or ids. */
  public boolean tableOutput() {
    return !options.quiet && (options.output != null ? options.output == Output.Format.TABLE : terminal);
  }

  public Output output() {
    return new Output(out, options.output != null ? options.output : terminal ? Output.Format.TABLE : Output.Format.JSON, options.quiet);
  }

  /** Bad usage that picocli cannot see (no server, no tenant): exit code 2. */
  public static final class Usage extends RuntimeException {
    public Usage(String message) {
      super(message);
    }
  }
}
