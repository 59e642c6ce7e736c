package dev.atrium.cli.auth;

import dev.atrium.cli.ContextCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code atrium logout}: revokes the kept sign-in at the identity provider and deletes it. */
@Command(mixinStandardHelpOptions = true, name = "logout", description = "Sign out: the identity provider revokes the sign-in, and this machine forgets it.", footer = {"", "Example:", "  atrium logout"})
public final class Logout extends ContextCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    var kept = context.credentials();
    if (kept.isEmpty()) {
      context.err().println("Not signed in.");
      return 0;
    }
    Credentials credentials = kept.get();
    if (credentials.refreshToken() != null) {
      try {
        IdentityProvider.Answer revoked =
            IdentityProvider.at(credentials.issuer())
                .post(
                    "revocation_endpoint",
                    Map.of("token", credentials.refreshToken(), "token_type_hint", "refresh_token", "client_id", IdentityProvider.CLIENT_ID));
        if (!revoked.ok()) {
          context.err().println("The identity provider did not revoke the sign-in (" + revoked.error() + "); it is forgotten here anyway.");
        }
      } catch (IllegalStateException unreachable) {
        context.err().println(unreachable.getMessage() + "; the sign-in is forgotten here anyway.");
      }
    }
    Credentials.delete(context.configFolder());
    context.err().println("Signed out of " + credentials.server() + ".");
    return 0;
  }
}
