package dev.atrium.portal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Atrium's own 403 and 404 pages, inside the portal's frame. */
final class ErrorPage extends ViewPage<ErrorPage> {

  ErrorPage(Page page) {
    super(page);
  }

  @Override
  Locator readyMarker() {
    return title();
  }

  Locator title() {
    return page.locator("#error-title");
  }

  Locator text() {
    return page.locator("#error-text");
  }

  Locator wayBack() {
    return page.locator("#error-way-back");
  }

  /** The drawer's navigation of the person's current tenant: the page sits inside the portal. */
  Locator tenantNavigation() {
    return page.locator("#tenant-nav");
  }
}
