package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The portal's home view after sign-in, with its drawer and user menu. */
final class PortalPage extends ViewPage<PortalPage> {

  PortalPage(Page page) {
    super(page);
  }

  @Override
  Locator readyMarker() {
    return welcome();
  }

  Locator welcome() {
    return page.locator("#welcome");
  }

  Locator tenantCard(String slug) {
    return page.locator(".tenant-card[data-tenant='" + slug + "']");
  }

  void signOutFromMenu() {
    page.locator("#user-menu vaadin-menu-bar-button").first().click();
    Locator signOut = page.locator("vaadin-menu-bar-item:has-text('Sign out')");
    assertThat(signOut).isVisible();
    signOut.click();
  }

  void openAdminTenants() {
    page.locator("vaadin-side-nav-item:has-text('Tenants')").click();
    assertThat(page.locator("#tenants-grid")).isVisible();
  }
}
