package dev.atrium.cli.tenants;

import dev.atrium.cli.ContextCommand;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import dev.atrium.cli.output.Output.Column;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium members}: who belongs to a tenant, with which role. */
@Command(
    mixinStandardHelpOptions = true,
    name = "members",
    description = "A tenant's members and their roles (tenant-admin, tenant-member, tenant-viewer).",
    footer = {"", "Example:", "  atrium members add --username carol --role tenant-member", "  atrium members role carol tenant-admin"},
    subcommands = MembersCommand.Add.class)
public final class MembersCommand extends ContextCommand {

  private static final Column[] COLUMNS = {new Column("USERNAME", "/username"), new Column("EMAIL", "/email"), new Column("ROLE", "/role")};

  static final class Who {
    @Option(names = "--username", required = true) String username;
    @Option(names = "--email", required = true) String email;
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "The tenant's members.", footer = {"", "Example:", "  atrium members list --tenant acme"})
  void list() {
    Api api = context.api();
    context.output().show(api.get(path(context, api)), "username", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "add", description = "Add someone by username or email, with a role.", footer = {"", "Example:", "  atrium members add --username carol --role tenant-member"})
  static final class Add extends ContextCommand implements Runnable {
    @ArgGroup(exclusive = true, multiplicity = "1") Who who;
    @Option(names = "--role", required = true, description = "tenant-admin, tenant-member or tenant-viewer") String role;

    @Override
    public void run() {
      Api api = context.api();
      ObjectNode body = Api.JSON.createObjectNode().put("role", role);
      if (who.username != null) {
        body.put("username", who.username);
      } else {
        body.put("email", who.email);
      }
      context.output().show(api.post(path(context, api), body), "username", COLUMNS);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "role", description = "Change a member's role.", footer = {"", "Example:", "  atrium members role carol tenant-admin"})
  void role(@Parameters(index = "0", paramLabel = "MEMBER") String member, @Parameters(index = "1", paramLabel = "ROLE") String role) {
    Api api = context.api();
    context.output().show(api.patch(path(context, api) + "/" + Api.encode(member), Api.JSON.createObjectNode().put("role", role)), "username", COLUMNS);
  }

  @Command(mixinStandardHelpOptions = true, name = "remove", description = "Remove a member (by username or email).", footer = {"", "Example:", "  atrium members remove carol"})
  void remove(@Parameters(paramLabel = "MEMBER") String member) {
    Api api = context.api();
    api.delete(path(context, api) + "/" + Api.encode(member));
    context.err().println("Removed " + member + ".");
  }

  private static String path(Context context, Api api) {
    return "/tenants/" + Api.encode(context.tenant(api)) + "/members";
  }
}
