package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The portal after sign-in: home view, drawer and user menu. */
final class PortalPage {

  private final Page page;

  PortalPage(Page page) {
    this.page = page;
  }

  Locator welcome() {
    return page.locator("#welcome");
  }

  Locator tenantCard(String slug) {
    return page.locator(".tenant-card[data-tenant='" + slug + "']");
  }

  Locator noTenantTitle() {
    return page.locator("#no-tenant-title");
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
