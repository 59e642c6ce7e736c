package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.atrium.portal.support.PortalTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Alice changes a running service's command from the portal: the update dialog says what the new
 * version changes as she types, the rollout's bar fills as new tasks replace old ones (pushed, no
 * reload), and a rollback, confirmed first, brings version 1 back the same way.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class RolloutBrowserTest extends BrowserTest {

  private static final LocatorAssertions.HasTextOptions PUSHED = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

  @Test
  void aliceUpdatesAServicesCommandWatchesTheRolloutCompleteAndRollsBack() {
    Page page = signIn("alice");
    page.locator("vaadin-side-nav-item:has-text('Workloads')").click();
    page.locator("#launch").click();
    page.locator("#launch-name input").fill("shop");
    page.locator("#launch-pool").click();
    page.locator("vaadin-select-item:has-text('sim')").click();
    page.locator("#launch-cpu input").fill("100");
    page.locator("#launch-instances input").fill("2");
    page.locator("#launch-submit").click();
    page.locator("#launch-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    Locator grid = page.locator("#workloads-grid");
    Locator shop = grid.locator("vaadin-grid-cell-content:visible:has-text('shop')").first();
    assertThat(grid.locator(".workload-state:visible")).hasText("RUNNING", PUSHED);

    WorkloadsPage workloads = new WorkloadsPage(page);
    workloads.act("shop", "update-shop");
    assertThat(page.locator("#update-changes")).hasText("Nothing changed yet.");
    page.locator("#update-surge input").fill("0");
    assertThat(page.locator("#update-unavailable")).containsText("At least 1 when maxSurge is 0");
    page.locator("#update-surge input").fill("1");
    page.locator("#update-command input").fill("httpd -f -p 8081");
    assertThat(page.locator("#update-changes")).hasText("Changes: command");
    Browser.screenshot(page, "70-update-dialog");
    page.locator("#update-submit").click();
    page.locator("#update-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));

    shop.click();
    Locator rollout = page.locator(".rollout:visible");
    assertThat(rollout.locator(".rollout-version")).hasText("version 2");
    assertThat(rollout.locator(".rollout-state")).hasText("COMPLETE", PUSHED);
    assertThat(rollout.locator(".rollout-counts")).hasText("2 of 2 updated · 0 old · 2 running");
    assertThat(rollout.locator(".rollout-bar")).hasAttribute("aria-label", Pattern.compile("2 of 2 updated"));
    assertThat(grid.locator(".task-version:visible:has-text('v2')")).hasCount(2);
    Browser.screenshot(page, "71-rollout-complete");

    page.locator("#rollback-shop").click();
    assertThat(page.locator("vaadin-confirm-dialog-overlay")).containsText("Roll shop back to version 1?");
    page.locator("[slot='confirm-button']").click();
    assertThat(rollout.locator(".rollout-version")).hasText("version 1", PUSHED);
    assertThat(rollout.locator(".rollout-state")).hasText("COMPLETE", PUSHED);
    assertThat(rollout.locator(".rollout-counts")).hasText("2 of 2 updated · 0 old · 2 running");
    assertThat(page.locator("#rollback-shop")).hasText("Roll back to version 2");
    Browser.screenshot(page, "72-rolled-back");

    workloads.stop("shop");
  }
}
