package dev.atrium.portal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** A tenant's Usage view: a card per resource with its chart, its summary and its figures. */
final class UsagePage extends ViewPage<UsagePage> {

  UsagePage(Page page) {
    super(page);
  }

  static UsagePage fromDrawer(Page page) {
    page.locator("vaadin-side-nav-item:has-text('Usage')").first().click();
    return new UsagePage(page).waitUntilReady();
  }

  @Override
  Locator readyMarker() {
    return page.locator("h2:has-text('Usage of')");
  }

  /** The card of one resource: "cpu", "memory" or "gpu". */
  Locator card(String resource) {
    return page.locator("#usage-" + resource);
  }

  /** Opens the resource's figures and answers their table's rows. */
  Locator figures(String resource) {
    card(resource).locator(".usage-figures-toggle vaadin-details-summary").click();
    return card(resource).locator(".usage-figures tbody tr");
  }
}
