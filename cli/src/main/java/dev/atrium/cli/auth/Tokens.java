package dev.atrium.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.cli.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The access token a call carries, from the first of: {@code --token-file}, {@code ATRIUM_TOKEN},
 * the client-credentials of {@code ATRIUM_CLIENT_ID}/{@code ATRIUM_CLIENT_SECRET} (a billing job),
 * or what {@code atrium login} kept for that same server, refreshed when it is about to expire.
 */
public final class Tokens {

  /** A token this close to its expiry is refreshed first. */
  private static final long MARGIN_SECONDS = 30;

  private Tokens() {}

  /**
   * Where the calls to {@code server} get their token; asked once per process, except that a kept
   * sign-in about to expire is refreshed.
   */
  public static Supplier<String> source(Context context, URI server, Path tokenFile) {
    return new Supplier<>() {
      private String fixed;

      @Override
      public synchronized String get() {
        if (fixed == null) {
          fixed = given(context, server, tokenFile);
        }
        return fixed.isEmpty() ? kept(context, server) : fixed;
      }
    };
  }

  /** A token given for this run (file, variable, client credentials), or "" to use the kept sign-in. */
  private static String given(Context context, URI server, Path tokenFile) {
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new NotSignedIn("Cannot read the token file " + tokenFile + ": " + e.getMessage());
      }
    }
    String token = context.env("ATRIUM_TOKEN");
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String clientId = context.env("ATRIUM_CLIENT_ID");
    String secret = context.env("ATRIUM_CLIENT_SECRET");
    if (clientId != null && secret != null) {
      IdentityProvider provider = IdentityProvider.of(server);
      IdentityProvider.Answer answer =
          provider.post("token_endpoint", Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
      if (!answer.ok()) {
        throw new NotSignedIn("The identity provider refused client " + clientId + ": " + answer.error());
      }
      return answer.json().path("access_token").asText();
    }
    return "";
  }

  private static String kept(Context context, URI server) {
    Credentials kept =
        context.credentialsFor(server)
            .orElseThrow(() -> new NotSignedIn(
                context.credentials()
                    .map(c -> "Signed in to " + c.server() + ", not " + server + ": run atrium login --server " + server)
                    .orElse("Not signed in: run atrium login --server URL")));
    if (context.clock().instant().getEpochSecond() + MARGIN_SECONDS < kept.expiresAtEpochSecond()) {
      return kept.accessToken();
    }
    return refresh(context, kept).accessToken();
  }

  private static Credentials refresh(Context context, Credentials kept) {
    if (kept.refreshToken() == null) {
      throw new NotSignedIn("The sign-in expired: run atrium login");
    }
    Map<String, String> form = new HashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", kept.refreshToken());
    form.put("client_id", IdentityProvider.CLIENT_ID);
    IdentityProvider.Answer answer = IdentityProvider.at(kept.issuer()).post("token_endpoint", form);
    if (!answer.ok()) {
      throw new NotSignedIn("The sign-in expired (" + answer.error() + "): run atrium login");
    }
    Credentials renewed = fromTokens(kept, answer.json(), context.clock());
    renewed.write(context.configFolder());
    return renewed;
  }

  static Credentials fromTokens(Credentials base, JsonNode tokens, Clock clock) {
    long expiresAt = clock.instant().getEpochSecond() + tokens.path("expires_in").asLong(60);
    return base.withTokens(tokens.path("access_token").asText(), tokens.path("refresh_token").asText(null), expiresAt);
  }

  /** No usable sign-in: exit code 5. */
  public static final class NotSignedIn extends RuntimeException {
    public NotSignedIn(String message) {
      super(message);
    }
  }
}
