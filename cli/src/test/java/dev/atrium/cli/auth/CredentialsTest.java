package dev.atrium.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept sign-in: readable by its owner only, replaced whole, and read back as written. */
class CredentialsTest {

  @TempDir Path home;

  @Test
  void writtenForTheOwnerOnlyAndReadBack() throws Exception {
    Path folder = home.resolve("config/atrium");
    Credentials written = new Credentials("http://127.0.0.1:8080", "http://127.0.0.1:8180/realms/atrium", "access", "refresh", 1_800_000_000L, "acme");

    written.write(folder);
    written.withTenant("globex").write(folder); // a second write replaces the first

    Path file = folder.resolve(Credentials.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    assertThat(Credentials.read(folder)).contains(written.withTenant("globex"));
    try (var left = Files.list(folder)) {
      assertThat(left).containsExactly(file); // no half-written file beside it
    }
    assertThat(Credentials.delete(folder)).isTrue();
    assertThat(Credentials.read(folder)).isEmpty();
  }
}
