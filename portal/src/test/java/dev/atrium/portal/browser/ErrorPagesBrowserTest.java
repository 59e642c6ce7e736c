package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;

/**
 * A page one may not open, or one that is not there, is Atrium's own page inside the portal, with the
 * right HTTP status, a sentence saying what happened and a way back; never Vaadin's list of routes.
 */
@PortalTest
class ErrorPagesBrowserTest extends BrowserTest {

  @Test
  void carolOpeningThePlatformConsoleIsRefusedWith403() {
    Page page = signIn("carol");

    Response response = page.navigate(portal() + "admin/tenants");

    org.assertj.core.api.Assertions.assertThat(response.status()).isEqualTo(403);
    ErrorPage error = new ErrorPage(page).waitUntilReady();
    assertThat(error.title()).hasText("You cannot open this page");
    assertThat(error.text()).containsText("/admin/tenants is for platform admins");
    assertThat(error.tenantNavigation()).containsText("Workloads");
    assertNoRouteList(page);
    Browser.screenshot(page, "07-forbidden-carol");

    error.wayBack().click();
    assertThat(page.locator("#workloads-grid")).isVisible();
  }

  @Test
  void bobSeesAcmeExactlyAsATenantThatDoesNotExist() {
    Page page = signIn("bob");

    Response acme = page.navigate(portal() + "tenants/acme/workloads");
    org.assertj.core.api.Assertions.assertThat(acme.status()).isEqualTo(404);
    ErrorPage error = new ErrorPage(page).waitUntilReady();
    assertThat(error.title()).hasText("Page not found");
    assertThat(error.wayBack()).hasText("Back to Globex");
    String acmeText = error.text().textContent();
    assertNoRouteList(page);
    Browser.screenshot(page, "08-not-found-bob");

    Response nowhere = page.navigate(portal() + "tenants/nowhere/workloads");
    org.assertj.core.api.Assertions.assertThat(nowhere.status()).isEqualTo(404);
    new ErrorPage(page).waitUntilReady();
    org.assertj.core.api.Assertions.assertThat(error.text().textContent().replace("nowhere", "acme"))
        .isEqualTo(acmeText);

    Response unknown = page.navigate(portal() + "no/such/page");
    org.assertj.core.api.Assertions.assertThat(unknown.status()).isEqualTo(404);
    assertThat(new ErrorPage(page).waitUntilReady().title()).hasText("Page not found");
    assertNoRouteList(page);
  }

  /** Vaadin's developer error page lists every route; Atrium's pages name none but the one asked for. */
  private static void assertNoRouteList(Page page) {
    String text = page.locator("body").innerText();
    org.assertj.core.api.Assertions.assertThat(text)
        .doesNotContain("Available routes")
        .doesNotContain("admin/audit")
        .doesNotContain("tenants/:slug");
  }
}
