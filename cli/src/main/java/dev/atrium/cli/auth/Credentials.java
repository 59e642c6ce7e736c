package dev.atrium.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.cli.api.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What {@code atrium login} keeps: the server, its identity provider and the tokens, in
 * {@code credentials.json} of the CLI's configuration folder, readable by its owner only (0600).
 * Written whole to a new file and moved into place, so a crash never leaves half a file.
 */
public record Credentials(String server, String issuer, String accessToken, String refreshToken, long expiresAtEpochSecond, String tenant) {

  static final String FILE = "credentials.json";

  public static Optional<Credentials> read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode json = Api.JSON.readTree(file.toFile());
      return Optional.of(
          new Credentials(
              json.path("server").asText(),
              json.path("issuer").asText(),
              json.path("accessToken").asText(),
              json.path("refreshToken").asText(null),
              json.path("expiresAt").asLong(),
              json.path("tenant").asText(null)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path folder) {
    ObjectNode json = Api.JSON.createObjectNode();
    json.put("server", server).put("issuer", issuer).put("accessToken", accessToken).put("refreshToken", refreshToken);
    json.put("expiresAt", expiresAtEpochSecond).put("tenant", tenant);
    try {
      Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      // A folder that was there already (a shared XDG_CONFIG_HOME) is made the owner's alone too.
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      Path next = Files.createTempFile(folder, FILE, ".new", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(next, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        try {
          Files.move(next, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(next, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(next); // left only when the write failed: tokens never stay behind
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  public static boolean delete(Path folder) {
    try {
      return Files.deleteIfExists(folder.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Credentials withTokens(String access, String refresh, long expiresAt) {
    return new Credentials(server, issuer, access, refresh == null ? refreshToken : refresh, expiresAt, tenant);
  }

  public Credentials withTenant(String slug) {
    return new Credentials(server, issuer, accessToken, refreshToken, expiresAtEpochSecond, slug);
  }
}
