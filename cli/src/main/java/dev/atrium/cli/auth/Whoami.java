package dev.atrium.cli.auth;

import dev.atrium.cli.ContextCommand;
import dev.atrium.cli.output.Output.Column;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code atrium whoami}: who the server says the caller is. */
@Command(mixinStandardHelpOptions = true, name = "whoami", description = "Who you are signed in as, your platform roles and your tenants.", footer = {"", "Example:", "  atrium whoami -o json"})
public final class Whoami extends ContextCommand implements Callable<Integer> {

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
