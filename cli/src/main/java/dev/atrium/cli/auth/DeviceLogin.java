package dev.atrium.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Signing in from a terminal with the OAuth 2.0 device authorization grant (RFC 8628): the provider
 * gives a code and a page, the person opens the page in any browser and signs in there, and this
 * polls until the provider hands over the tokens. Nothing is opened by itself, so it works over SSH.
 */
final class DeviceLogin {

  private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private final IdentityProvider provider;
  private final Clock clock;
  private final Sleeper sleeper;

  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  DeviceLogin(IdentityProvider provider, Clock clock, Sleeper sleeper) {
    this.provider = provider;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Signs in, telling the person on {@code err} where to go; answers the provider's tokens. */
  JsonNode signIn(PrintStream err) throws InterruptedException {
    // PKCE (RFC 7636): the client's realm asks for it on every grant, this one too.
    String verifier = verifier();
    IdentityProvider.Answer device =
        provider.post(
            "device_authorization_endpoint",
            Map.of("client_id", IdentityProvider.CLIENT_ID, "scope", "openid", "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
    if (!device.ok()) {
      throw new IllegalStateException("The identity provider refused to start a sign-in: " + device.error());
    }
    JsonNode grant = device.json();
    String complete = grant.path("verification_uri_complete").asText(grant.path("verification_uri").asText());
    err.println("To sign in, open this page in a browser:");
    err.println("  " + complete);
    err.println("(or open " + grant.path("verification_uri").asText() + " and enter the code " + grant.path("user_code").asText() + ")");
    err.println("Waiting for the sign-in…");
    err.flush();
    Duration interval = Duration.ofSeconds(Math.max(1, grant.path("interval").asLong(5)));
    long deadline = clock.millis() + Duration.ofSeconds(grant.path("expires_in").asLong(600)).toMillis();
    while (clock.millis() < deadline) {
      sleeper.sleep(interval); // the provider asks for this pause between polls
      IdentityProvider.Answer token =
          provider.post(
              "token_endpoint",
              Map.of(
                  "grant_type", GRANT,
                  "device_code", grant.path("device_code").asText(),
                  "client_id", IdentityProvider.CLIENT_ID,
                  "code_verifier", verifier));
      if (token.ok()) {
        return token.json();
      }
      switch (token.json().path("error").asText()) {
        case "authorization_pending" -> {}
        case "slow_down" -> interval = interval.plusSeconds(5);
        case "expired_token" -> throw new Tokens.NotSignedIn("The sign-in code expired before anyone signed in; run atrium login again.");
        default -> throw new Tokens.NotSignedIn("The sign-in did not complete: " + token.error());
      }
    }
    throw new Tokens.NotSignedIn("The sign-in code expired before anyone signed in; run atrium login again.");
  }

  private static String verifier() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String challenge(String verifier) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
