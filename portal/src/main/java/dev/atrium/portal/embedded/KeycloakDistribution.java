package dev.atrium.portal.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official Keycloak server distribution ({@code org.keycloak:keycloak-quarkus-dist}, a zip on
 * Maven Central), unpacked and built once per Atrium home. The zip is cached in the local Maven
 * repository, so a second home or a fresh clone does not download it again.
 */
final class KeycloakDistribution {

  /** Build-time options: changing them requires {@code kc.sh build} again. */
  static final List<String> BUILD_OPTIONS = List.of("--db=dev-file");

  private static final Logger log = LoggerFactory.getLogger(KeycloakDistribution.class);

  private final KeycloakSettings settings;

  KeycloakDistribution(KeycloakSettings settings) {
    this.settings = settings;
  }

  /** The folder of a built distribution, installing and building it first if needed. */
  Path ensureInstalled() throws IOException, InterruptedException {
    Path home = settings.directory().resolve("keycloak-" + settings.version());
    Path marker = home.resolve(".atrium-built");
    String expected = settings.version() + " " + String.join(" ", BUILD_OPTIONS);
    if (Files.exists(marker) && Files.readString(marker).equals(expected)) {
      return home;
    }
    Path zip = cachedZip();
    if (!Files.exists(zip)) {
      download(zip);
    }
    unpack(zip, home);
    build(home);
    Files.writeString(marker, expected);
    return home;
  }

  private Path cachedZip() {
    String name = "keycloak-quarkus-dist-" + settings.version() + ".zip";
    return Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak", "keycloak-quarkus-dist")
        .resolve(settings.version())
        .resolve(name);
  }

  private void download(Path zip) throws IOException, InterruptedException {
    String path = "org/keycloak/keycloak-quarkus-dist/" + settings.version() + "/" + zip.getFileName();
    URI uri = URI.create(settings.mavenRepository().toString().replaceAll("/$", "") + "/" + path);
    log.info("Downloading Keycloak {} from {} (about 170 MiB, once)", settings.version(), uri);
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    Files.createDirectories(zip.getParent());
    Path partial = zip.resolveSibling(zip.getFileName() + ".part");
    HttpResponse<Path> response =
        http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofFile(partial));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(partial);
      throw new EmbeddedServiceFailure(
          "Keycloak could not be downloaded: " + uri + " answered " + response.statusCode(),
          "Check the network, or put the zip at " + zip + ", or set ATRIUM_OIDC_ISSUER to use another Keycloak.");
    }
    String sha1 = http.send(HttpRequest.newBuilder(URI.create(uri + ".sha1")).build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    if (!sha1.startsWith(sha1(partial))) {
      Files.deleteIfExists(partial);
      throw new EmbeddedServiceFailure(
          "Keycloak download from " + uri + " is corrupt (SHA-1 does not match)", "Start Atrium again to retry.");
    }
    Files.move(partial, zip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void unpack(Path zip, Path home) throws IOException {
    log.info("Unpacking {} into {}", zip.getFileName(), home);
    Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
    FileTrees.delete(staging);
    FileTrees.delete(home);
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      String top = home.getFileName() + "/";
      for (ZipEntry entry : archive.stream().toList()) {
        // The zip holds one folder, keycloak-<version>/; its contents go straight into staging.
        String name = entry.getName().startsWith(top) ? entry.getName().substring(top.length()) : entry.getName();
        Path target = staging.resolve(name).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("zip entry outside the distribution: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    try (var scripts = Files.newDirectoryStream(staging.resolve("bin"), "*.sh")) {
      scripts.forEach(script -> script.toFile().setExecutable(true));
    }
    Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void build(Path home) throws IOException, InterruptedException {
    log.info("Building Keycloak for Atrium's options (once per install, about 20-40 s)");
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
    command.addAll(BUILD_OPTIONS);
    Path buildLog = home.resolve("build.log");
    Process process =
        KeycloakProcess.builder(home, command).redirectErrorStream(true).redirectOutput(buildLog.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new EmbeddedServiceFailure(
          "Keycloak could not be built: " + FileTrees.tail(buildLog, 1),
          "See " + buildLog + "; delete " + home + " to start over.");
    }
  }

  private static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
