package dev.atrium.portal.embedded;

import dev.atrium.portal.security.OidcIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Keycloak server run as a child process with the {@code atrium} dev realm imported: the identity
 * provider of the embedded default. It starts in the background while the rest of Atrium starts;
 * {@link #awaitReady()} waits until the realm's discovery document answers.
 */
public final class EmbeddedKeycloak implements OidcIssuer, AutoCloseable {

  static final String REALM_RESOURCE = "atrium/keycloak/atrium-realm.json";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKeycloak.class);

  private final KeycloakSettings settings;
  private final CompletableFuture<Process> started;
  private volatile Process process;
  private volatile boolean closed;

  private EmbeddedKeycloak(KeycloakSettings settings) {
    this.settings = settings;
    this.started = CompletableFuture.supplyAsync(this::installAndStart, runnable -> {
      Thread thread = new Thread(runnable, "keycloak-start");
      thread.setDaemon(true);
      thread.start();
    });
  }

  /** Begins installing (first time) and starting Keycloak; returns at once. */
  public static EmbeddedKeycloak start(KeycloakSettings settings) {
    return new EmbeddedKeycloak(settings);
  }

  @Override
  public String uri() {
    return settings.issuer();
  }

  @Override
  public void awaitReady() {
    try {
      started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EmbeddedServiceFailure failure) {
        throw failure;
      }
      throw new EmbeddedServiceFailure(
          "Keycloak could not start: " + e.getCause(),
          "See " + logFile() + ", or set ATRIUM_OIDC_ISSUER to use another Keycloak.",
          e.getCause());
    }
  }

  @Override
  public void close() {
    closed = true;
    Process p = process;
    if (p != null && p.isAlive()) {
      log.info("Stopping Keycloak");
      KeycloakProcess.stop(p.toHandle());
    }
  }

  private Process installAndStart() {
    try {
      Files.createDirectories(settings.directory());
      KeycloakProcess.stopOrphan(pidFile());
      checkPortIsFree();
      Path home = new KeycloakDistribution(settings).ensureInstalled();
      importRealm(home);
      Instant begin = Instant.now();
      ProcessBuilder builder = KeycloakProcess.builder(home, command(home));
      // The master realm's first administrator, for Keycloak's own console at /admin (dev only).
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-dev-pw");
      process = builder.redirectErrorStream(true).redirectOutput(logFile().toFile()).start();
      KeycloakProcess.writePid(pidFile(), process.toHandle());
      if (closed) {
        KeycloakProcess.stop(process.toHandle());
        throw new EmbeddedServiceFailure("Keycloak start was cancelled", "Start Atrium again.");
      }
      waitForRealm(begin);
      log.info("Keycloak ready at {} after {} s", uri(), Duration.between(begin, Instant.now()).toSeconds());
      return process;
    } catch (IOException e) {
      throw new EmbeddedServiceFailure(
          "Keycloak could not start: " + e.getMessage(),
          "Check that " + settings.directory() + " is writable and has space, or set ATRIUM_HOME.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedServiceFailure("Keycloak start was interrupted", "Start Atrium again.", e);
    }
  }

  private List<String> command(Path home) {
    return List.of(
        home.resolve("bin/kc.sh").toString(),
        "start",
        "--optimized",
        "--http-enabled=true",
        "--http-host=127.0.0.1",
        "--http-port=" + settings.port(),
        "--hostname=http://127.0.0.1:" + settings.port(),
        "--import-realm");
  }

  /**
   * Puts the dev realm where {@code --import-realm} reads it. Keycloak imports a realm only once; when
   * the realm file changed since, its database is reset so the new realm takes effect.
   */
  private void importRealm(Path home) throws IOException {
    byte[] realm;
    try (InputStream in = EmbeddedKeycloak.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
      if (in == null) {
        throw new IOException(REALM_RESOURCE + " is not on the class path (module infra)");
      }
      realm = in.readAllBytes();
    }
    Path imports = Files.createDirectories(home.resolve("data/import"));
    Path digestFile = imports.resolve(".atrium-realm.sha256");
    String digest = sha256(realm);
    if (!Files.exists(digestFile) || !Files.readString(digestFile).equals(digest)) {
      FileTrees.delete(home.resolve("data/h2"));
      Files.write(imports.resolve("atrium-realm.json"), realm);
      Files.writeString(digestFile, digest);
    }
  }

  private void waitForRealm(Instant begin) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest discovery =
        HttpRequest.newBuilder(URI.create(uri() + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = begin.plus(settings.startTimeout());
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new EmbeddedServiceFailure(
            "Keycloak stopped while starting: " + FileTrees.tail(logFile(), 1),
            "See " + logFile() + "; to reset Keycloak's data delete " + settings.directory() + ".");
      }
      try {
        if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    KeycloakProcess.stop(process.toHandle());
    throw new EmbeddedServiceFailure(
        "Keycloak did not answer at " + uri() + " within " + settings.startTimeout().toSeconds() + " s",
        "See " + logFile() + "; raise atrium.keycloak.start-timeout on a slow machine.");
  }

  private void checkPortIsFree() {
    try (ServerSocket socket = new ServerSocket(settings.port(), 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new EmbeddedServiceFailure(
          "Keycloak could not start: port 127.0.0.1:" + settings.port() + " is already in use",
          "Stop the process that listens there, or set ATRIUM_KEYCLOAK_PORT to a free port.",
          e);
    }
  }

  private Path logFile() {
    return settings.directory().resolve("keycloak.log");
  }

  private Path pidFile() {
    return settings.directory().resolve("keycloak.pid");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
