package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Alice makes a cron job in the portal: the schedule field says what is wrong with an expression and
 * shows the next five runs of a good one as she types; the workload's row shows its schedule and next
 * run; a run started by hand appears in the run history and goes from RUNNING to SUCCEEDED by
 * itself; suspending stops its schedule. Its own portal and database.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=cron-story")
class CronBrowserTest extends BrowserTest {

  private static final LocatorAssertions.HasTextOptions PUSHED = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

  @Test
  void aliceSchedulesACronJobSeesItsNextRunsAndWatchesARunSucceed() {
    Page page = signIn("alice");
    page.locator("vaadin-side-nav-item:has-text('Workloads')").click();
    page.locator("#launch").click();
    page.locator("#launch-name input").fill("nightly-report");
    page.locator("#launch-kind").click();
    page.locator("vaadin-select-item:has-text('CRON')").click();
    // The service's example command would never end: a run's example does.
    assertThat(page.locator("#launch-command input")).hasValue("echo hello from Atrium");
    page.locator("#launch-schedule input").fill("61 * * * *");
    assertThat(page.locator("#launch-schedule")).containsText("minute 61 is out of range 0–59");
    page.locator("#launch-schedule input").fill("30 2 29 2 *"); // leap days: no scheduled run comes due during the test
    assertThat(page.locator("#launch-next-runs")).containsText("Next runs");
    assertThat(page.locator("#launch-next-runs")).containsText("02:30");
    page.locator("#launch-pool").click();
    page.locator("vaadin-select-item:has-text('sim')").click();
    page.locator("#launch-cpu input").fill("250");
    page.locator("#launch-duration input").fill("3");
    page.locator("#launch-command input").fill("echo report");
    Browser.screenshot(page, "60-cron-launch");
    page.locator("#launch-submit").click();
    page.locator("#launch-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));

    Locator grid = page.locator("#workloads-grid");
    assertThat(grid.locator(".workload-state:visible")).hasText("SCHEDULED");
    assertThat(grid.locator(".next-run:visible")).containsText("02:30");

    WorkloadsPage workloads = new WorkloadsPage(page);
    workloads.act("nightly-report", "run-nightly-report");
    grid.locator("vaadin-grid-cell-content:visible:has-text('nightly-report')").first().click();
    Locator history = page.locator(".run-history:visible");
    assertThat(history).containsText("by hand");
    assertThat(history.locator(".run-state")).hasText("SUCCEEDED", PUSHED); // pushed as the run's tasks end
    assertThat(grid.locator(".last-run-state:visible")).hasText("SUCCEEDED");
    Browser.screenshot(page, "61-cron-run-history");

    workloads.act("nightly-report", "suspend-nightly-report");
    assertThat(grid.locator(".workload-state:visible")).hasText("SUSPENDED");
    assertThat(grid.locator(".next-run:visible")).hasText("suspended");
    assertThat(workloads.actionItem("nightly-report", "suspend-nightly-report")).hasText("Resume its schedule");
    page.keyboard().press("Escape");
    Browser.screenshot(page, "62-cron-suspended");
  }
}
