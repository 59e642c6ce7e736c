package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.TestKeycloak;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    PortalPage portal = new PortalPage(page).waitUntilReady();
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

    NoTenantPage noTenant = new NoTenantPage(page).waitUntilReady();
    assertThat(noTenant.title()).hasText("You are not a member of any tenant");
    assertThat(page.locator("body")).containsText("dave@atrium.test");
    Browser.screenshot(page, "05-no-tenant-dave");
  }

  @Test
  void adaSeesThePlatformSectionWithEveryTenant() {
    Page page = signIn("ada");

    PortalPage portal = new PortalPage(page).waitUntilReady();
    assertThat(portal.welcome()).hasText("Welcome, Ada Lovelace");
    // The fleet at a glance: each pool's allocation, what waits, who is near their quota.
    assertThat(page.locator("#pools-card .pool-glance[data-pool='sim']")).containsText("20 nodes");
    assertThat(page.locator("#pools-card [aria-label^='CPU allocated']").first()).isVisible();
    assertThat(page.locator("#waiting-card")).isVisible();
    assertThat(page.locator("#near-quota-card")).isVisible();
    Browser.screenshot(page, "06-admin-home");
    portal.openAdminTenants();
    assertThat(page.locator("#tenants-grid")).containsText("acme");
    assertThat(page.locator("#tenants-grid")).containsText("globex");
    Browser.screenshot(page, "07-admin-tenants");
  }

  /**
   * The portal serves Vaadin's production bundle, not the development one; the home page's load time
   * and size, with an empty and with a warm browser cache, are printed for the README.
   */
  @Test
  void theHomePageIsServedFromTheProductionBundle() {
    Page page = browser.newPageSignedInAs(signIn("alice"));
    List<String> requested = new ArrayList<>();
    page.onRequest(request -> requested.add(request.url()));
    Load cold = load(page);
    Load warm = load(page);

    org.assertj.core.api.Assertions.assertThat(page.evaluate("() => !!(window.Vaadin && window.Vaadin.developmentMode)"))
        .isEqualTo(false);
    org.assertj.core.api.Assertions.assertThat(requested)
        .anyMatch(url -> url.contains("/VAADIN/build/"))
        .noneMatch(url -> url.contains("@vite") || url.contains("dev-bundle"));
    System.out.printf(
        "Home page load: empty cache %d ms, %d requests, %.1f KiB transferred; warm cache %d ms, %d requests, %.1f KiB%n",
        cold.millis, cold.requests, cold.bytes / 1024.0, warm.millis, warm.requests, warm.bytes / 1024.0);
  }

  private Load load(Page page) {
    long start = System.nanoTime();
    page.navigate(portal());
    new PortalPage(page).waitUntilReady();
    long millis = (System.nanoTime() - start) / 1_000_000;
    @SuppressWarnings("unchecked")
    Map<String, Object> size =
        (Map<String, Object>)
            page.evaluate(
                "() => { const all = performance.getEntriesByType('navigation')"
                    + ".concat(performance.getEntriesByType('resource'));"
                    + " return { requests: all.length, bytes: all.reduce((s, e) => s + e.transferSize, 0) }; }");
    return new Load(millis, ((Number) size.get("requests")).intValue(), ((Number) size.get("bytes")).longValue());
  }

  private record Load(long millis, int requests, long bytes) {}
}
