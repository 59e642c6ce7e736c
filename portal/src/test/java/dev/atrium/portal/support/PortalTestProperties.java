package dev.atrium.portal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the portal under test at the shared test Keycloak and a fresh embedded database. */
public class PortalTestProperties implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(
            "atrium.oidc.issuer=" + TestKeycloak.issuer(),
            "atrium.oidc.clock-skew=0s",
            "management.server.port=0",
            // tests roll usage into the hourly figures themselves, so that two reads see the same rows
            "atrium.metering.roller-enabled=false",
            "atrium.home=" + freshHome())
        .applyTo(context);
  }

  private static Path freshHome() {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      return Files.createTempDirectory(target.toAbsolutePath(), "atrium-home-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
