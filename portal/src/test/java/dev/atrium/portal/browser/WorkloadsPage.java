package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;

/** A tenant's Workloads view: its grid, the launch dialog, and each row's actions menu. */
final class WorkloadsPage extends ViewPage<WorkloadsPage> {

  WorkloadsPage(Page page) {
    super(page);
  }

  /** Opens it from the drawer of a page signed in already. */
  static WorkloadsPage fromDrawer(Page page) {
    page.locator("vaadin-side-nav-item:has-text('Workloads')").click();
    return new WorkloadsPage(page).waitUntilReady();
  }

  @Override
  Locator readyMarker() {
    return page.locator("#workloads-grid");
  }

  Locator grid() {
    return page.locator("#workloads-grid");
  }

  /** The visible grid cell of the workload's row that shows its name. */
  Locator row(String name) {
    return grid().locator("vaadin-grid-cell-content:visible").filter(new Locator.FilterOptions().setHasText(name)).first();
  }

  /** Opens or closes the workload's details (its tasks, runs and rollout). */
  WorkloadsPage toggleDetails(String name) {
    row(name).click();
    return this;
  }

  Locator launchButton() {
    return page.locator("#launch");
  }

  Locator filter() {
    return page.locator(".list-filter input");
  }

  /** Picks {@code item} (its id, e.g. "scale-web") from the actions menu of the workload's row. */
  WorkloadsPage act(String name, String item) {
    page.locator("#actions-" + name + " vaadin-menu-bar-button:not([slot=overflow]):visible").first().click();
    page.locator("#" + item).click();
    return this;
  }

  /** The menu item of the workload's actions, with the menu open. */
  Locator actionItem(String name, String item) {
    page.locator("#actions-" + name + " vaadin-menu-bar-button:not([slot=overflow]):visible").first().click();
    return page.locator("#" + item);
  }

  /** Scales the workload through the actions menu's dialog. */
  WorkloadsPage scale(String name, int instances) {
    act(name, "scale-" + name);
    page.locator("#scale-instances input").fill(Integer.toString(instances));
    page.locator("#scale-submit").click();
    page.locator("#scale-dialog").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    return this;
  }

  /** Stops the workload, confirming it, and waits until its row is gone. */
  WorkloadsPage stop(String name) {
    act(name, "stop-" + name);
    page.locator("vaadin-confirm-dialog-overlay [slot='confirm-button']").click();
    assertThat(grid().locator("vaadin-grid-cell-content:visible").filter(new Locator.FilterOptions().setHasText(name))).hasCount(0);
    return this;
  }
}
