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

  /** Picks the action from the node's actions menu and confirms it in the dialog. */
  void act(String action, String node) {
    page.keyboard().press("Escape");
    page.locator("#actions-" + node + " vaadin-menu-bar-button:not([slot=overflow]):visible").first().click();
    page.locator("#" + action + "-" + node).click();
    page.locator("vaadin-confirm-dialog-overlay [slot='confirm-button']").click();
  }

  /**
   * The action in the node's actions menu, which this opens (Escape closes it); once the menu shows,
   * so that an action the menu lacks is told apart from a menu not open yet.
   */
  Locator action(String action, String node) {
    page.keyboard().press("Escape");
    page.locator("#actions-" + node + " vaadin-menu-bar-button:not([slot=overflow]):visible").first().click();
    page.locator("#mark-down-" + node + ", #ready-" + node + ", #drain-" + node).first().waitFor();
    return page.locator("#" + action + "-" + node);
  }
}
