package dev.atrium.cli.auth;

import dev.atrium.cli.ContextCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code atrium login}: signs in with the device grant and keeps the tokens (0600). */
@Command(
    mixinStandardHelpOptions = true,
    name = "login",
    description = "Sign in to an Atrium server through its identity provider, from any browser.",
    footer = {"", "Example:", "  atrium login --server https://atrium.example"})
public final class Login extends ContextCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    URI server = context.server();
    IdentityProvider provider = IdentityProvider.of(server);
    JsonNode tokens = new DeviceLogin(provider, context.clock(), duration -> Thread.sleep(duration.toMillis())).signIn(context.err());
    String previousTenant = context.credentials().filter(c -> c.server().equals(server.toString())).map(Credentials::tenant).orElse(null);
    Credentials signedIn =
        Tokens.fromTokens(new Credentials(server.toString(), provider.issuer(), null, null, 0, previousTenant), tokens, context.clock());
    signedIn.write(context.configFolder());
    JsonNode me = context.api().get("/me");
    context.err().println("Signed in to " + server + " as " + me.path("username").asText() + ".");
    return 0;
  }
}
