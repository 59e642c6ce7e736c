package dev.atrium.portal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Platform → Tenants: the grid, the new-tenant form and each tenant's actions menu. */
final class TenantsAdminPage extends ViewPage<TenantsAdminPage> {

  TenantsAdminPage(Page page) {
    super(page);
  }

  static TenantsAdminPage fromDrawer(Page page) {
    page.locator("vaadin-side-nav-item:has-text('Tenants')").click();
    return new TenantsAdminPage(page).waitUntilReady();
  }

  @Override
  Locator readyMarker() {
    return page.locator("#tenants-grid");
  }

  Locator grid() {
    return page.locator("#tenants-grid");
  }

  /** Opens the tenant's actions menu; {@link #item} then finds one of its entries. */
  TenantsAdminPage openActions(String slug) {
    page.keyboard().press("Escape");
    page.locator("#actions-" + slug + " vaadin-menu-bar-button:not([slot=overflow]):visible").first().click();
    return this;
  }

  Locator item(String id) {
    return page.locator("#" + id);
  }

  /** Picks the entry (its id, e.g. "members-initech") from the tenant's actions menu. */
  TenantsAdminPage act(String slug, String item) {
    openActions(slug);
    item(item).click();
    return this;
  }
}
