package dev.atrium.portal.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Platform → Pools and nodes. */
final class PoolsPage extends ViewPage<PoolsPage> {

  PoolsPage(Page page) {
    super(page);
  }

  static PoolsPage open(Page page, String portal) {
    page.navigate(portal + "admin/pools");
    return new PoolsPage(page).waitUntilReady();
  }

  @Override
  Locator readyMarker() {
    return page.locator("#nodes-grid");
  }

  PoolsPage showNodesOf(String pool) {
    page.locator("#node-pool").click();
    page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(pool)).first().click();
    awaitIdle(page);
    return this;
  }

  /** Clicks the node's action button and confirms it in the dialog. */
  void act(String action, String node) {
    page.locator("#" + action + "-" + node).click();
    page.locator("vaadin-confirm-dialog-overlay [slot='confirm-button']").click();
  }

  Locator action(String action, String node) {
    return page.locator("#" + action + "-" + node);
  }
}
