package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/**
 * A page object of one portal view. Tests act on a view only after {@link #waitUntilReady()}: its
 * own element is shown and Vaadin has no request to the server in flight, however slow the start.
 */
abstract class ViewPage<P extends ViewPage<P>> {

  /** True once the Flow client has started and answered everything it asked the server. */
  private static final String VAADIN_IDLE =
      "() => { const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;"
          + " return !!clients && Object.keys(clients).length > 0"
          + " && Object.values(clients).every(c => !c.isActive()); }";

  final Page page;

  ViewPage(Page page) {
    this.page = page;
  }

  /** The element that is there once this view has rendered. */
  abstract Locator readyMarker();

  @SuppressWarnings("unchecked")
  P waitUntilReady() {
    assertThat(readyMarker()).isVisible();
    awaitIdle(page);
    return (P) this;
  }

  /** Waits until the portal in this page has no server round trip in flight. */
  static void awaitIdle(Page page) {
    page.waitForFunction(VAADIN_IDLE);
  }
}
