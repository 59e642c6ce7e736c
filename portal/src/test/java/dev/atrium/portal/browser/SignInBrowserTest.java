package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.TestKeycloak;
import org.junit.jupiter.api.Test;

/** Signing in and out of the portal in a real browser through the real Keycloak login page. */
@PortalTest
class SignInBrowserTest extends BrowserTest {


  @Test
  void aliceSignsInSeesAcmeAndSignsOutOfKeycloakToo() {
    Page page = browser.newPage();
    page.navigate(portal());

    KeycloakLoginPage login = new KeycloakLoginPage(page).shown();
    org.assertj.core.api.Assertions.assertThat(page.url()).startsWith(TestKeycloak.issuer() + "/protocol/openid-connect/auth");
    Browser.screenshot(page, "01-keycloak-login");
    login.signIn("alice", "alice-dev-pw");

    PortalPage portal = new PortalPage(page);
    assertThat(portal.welcome()).hasText("Welcome, Alice Archer");
    assertThat(portal.tenantCard("acme")).containsText("Acme Corporation");
    assertThat(portal.tenantCard("acme")).containsText("tenant-admin");
    assertThat(page.locator("#platform-nav")).hasCount(0);
    Browser.screenshot(page, "02-home-alice");

    portal.signOutFromMenu();
    new KeycloakLoginPage(page).shown();
    Browser.screenshot(page, "03-signed-out");

    // The Keycloak session ended too: opening the portal again asks for the password again.
    page.navigate(portal());
    new KeycloakLoginPage(page).shown();
  }

  @Test
  void wrongPasswordStaysOnKeycloakWithItsError() {
    Page page = browser.newPage();
    page.navigate(portal());
    KeycloakLoginPage login = new KeycloakLoginPage(page).shown();

    login.signIn("alice", "not-her-password");

    assertThat(login.error()).containsText("Invalid username or password");
    org.assertj.core.api.Assertions.assertThat(page.url()).startsWith(TestKeycloak.baseUrl() + "/realms/atrium/");
    Browser.screenshot(page, "04-wrong-password");
  }

  @Test
  void daveWithoutATenantIsToldSo() {
    Page page = signIn("dave");

    PortalPage portal = new PortalPage(page);
    assertThat(portal.noTenantTitle()).hasText("You are not a member of any tenant");
    assertThat(page.locator("body")).containsText("dave@atrium.test");
    Browser.screenshot(page, "05-no-tenant-dave");
  }

  @Test
  void adaSeesThePlatformSectionWithEveryTenant() {
    Page page = signIn("ada");

    PortalPage portal = new PortalPage(page);
    assertThat(portal.welcome()).hasText("Welcome, Ada Lovelace");
    assertThat(page.locator("#admin-card")).isVisible();
    portal.openAdminTenants();
    assertThat(page.locator("#tenants-grid")).containsText("acme");
    assertThat(page.locator("#tenants-grid")).containsText("globex");
    Browser.screenshot(page, "06-admin-tenants");
  }

}
