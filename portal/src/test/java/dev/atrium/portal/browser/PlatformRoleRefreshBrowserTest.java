package dev.atrium.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.atrium.db.TestClock;
import dev.atrium.portal.support.KeycloakAdmin;
import dev.atrium.portal.support.PortalTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * A platform admin whose realm role is removed in Keycloak loses the console at the session's next
 * role check, not when the session ends. Its own portal, with a clock the test moves on.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=role-refresh")
@Import(PlatformRoleRefreshBrowserTest.Clocks.class)
class PlatformRoleRefreshBrowserTest extends BrowserTest {

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }
  }

  @Autowired TestClock clock;

  @AfterEach
  void systemClock() {
    clock.reset();
  }

  @Test
  void aPlatformAdminWhoseRoleIsRemovedLosesTheConsoleAtTheNextRoleCheck() {
    String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8);
    KeycloakAdmin.createUser(erin, "platform-admin");
    Page page = signIn(erin);
    assertThat(page.navigate(portal() + "admin/tenants").status()).isEqualTo(200);

    KeycloakAdmin.removeRealmRole(erin, "platform-admin");
    assertThat(page.navigate(portal() + "admin/tenants").status()).as("until the next check").isEqualTo(200);

    clock.advance(Duration.ofMinutes(2));
    assertThat(page.navigate(portal() + "admin/tenants").status()).as("after the check").isEqualTo(403);
    new ErrorPage(page).waitUntilReady();
    Browser.screenshot(page, "09-role-removed");
  }
}
