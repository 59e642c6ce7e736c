package dev.atrium.portal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** What a signed-in person who belongs to no tenant sees instead of the home view. */
final class NoTenantPage extends ViewPage<NoTenantPage> {

  NoTenantPage(Page page) {
    super(page);
  }

  @Override
  Locator readyMarker() {
    return title();
  }

  Locator title() {
    return page.locator("#no-tenant-title");
  }
}
