package dev.atrium.cli.auth;

import dev.atrium.cli.Context;
import dev.atrium.cli.output.Output.Column;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code atrium whoami}: who the server says the caller is. */
@Command(mixinStandardHelpOptions = true, name = "whoami", description = "Who you are signed in as, your platform roles and your tenants.")
public final class Whoami implements Callable<Integer> {

  private final Context context;

  Whoami(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.output()
        .show(
            context.api().get("/me"),
            "username",
            new Column("USERNAME", "/username"),
            new Column("EMAIL", "/email"),
            new Column("PLATFORM ROLES", "/platformRoles"),
            new Column("TENANTS", "/tenants"));
    return 0;
  }
}
