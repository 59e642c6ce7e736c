package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Alice runs real containers on this host from the portal: launches a two-instance service on the
 * local pool, watches both go RUNNING without reloading, scales to one, stops it, and is told in the
 * launch dialog when a request would exceed acme's quota.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class WorkloadBrowserTest extends BrowserTest {


  @Test
  void aliceLaunchesWatchesScalesAndStopsALocalService() {
    Page page = signIn("alice");
    WorkloadsPage workloads = WorkloadsPage.fromDrawer(page);

    // Past the quota: the dialog says so on the field before anything is sent.
    page.locator("#launch").click();
    assertThat(page.locator("#launch-quota-left")).containsText("4 cores");
    page.locator("#launch-name input").fill("too-big");
    page.locator("#launch-cpu input").fill("3000");
    page.locator("#launch-instances input").fill("2");
    assertThat(page.locator("#launch-cpu")).containsText("Needs 6 cores for all instances; 4 cores left in the quota");
    assertThat(page.locator("#launch-submit")).isDisabled();
    Browser.screenshot(page, "20-launch-past-quota");

    // A two-instance service on this host, RUNNING once its health check fetches its page.
    page.locator("#launch-name input").fill("web");
    page.locator("#launch-cpu input").fill("250");
    page.locator("#launch-port input").fill("8080");
    page.locator("#launch-health input").fill("echo | nc -w 1 127.0.0.1 8080"); // httpd answers: the port is open
    page.locator("#launch-instances input").fill("2");
    page.locator("#launch-submit").click();
    page.locator("#launch-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    Locator grid = page.locator("#workloads-grid");
    assertThat(grid).containsText("web");
    // Both instances go RUNNING, pushed to the page as the reconciler sees the containers start.
    assertThat(grid.locator(".workload-state:visible")).hasText("RUNNING", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
    assertThat(grid).containsText("2 / 2");
    grid.locator("vaadin-grid-cell-content:visible:has-text('web')").first().click();
    assertThat(grid.locator(".task-state:visible:has-text('RUNNING')")).hasCount(2);
    assertThat(grid.locator(".task-health:visible:has-text('healthy')")).hasCount(2);
    // Each task's port is published on this host, linked from its row, and answers there.
    Locator endpoints = grid.locator(".task-endpoint:visible");
    assertThat(endpoints).hasCount(2);
    String address = endpoints.first().textContent();
    org.assertj.core.api.Assertions.assertThat(address).matches("127\\.0\\.0\\.1:\\d+");
    org.assertj.core.api.Assertions.assertThat(page.request().get("http://" + address + "/").status()).as("httpd answers at " + address).isEqualTo(404);
    Browser.screenshot(page, "21-web-running");

    // A workload launched meanwhile appears above web, pushed; web's details stay open beneath it.
    dev.atrium.portal.support.Api api = dev.atrium.portal.support.Api.as(port, "alice");
    String other = api.post("/api/v1/tenants/acme/workloads", """
        {"name":"newcomer","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim"}""").json().get("id").asText();
    assertThat(workloads.row("newcomer")).isVisible();
    assertThat(grid.locator(".task-state:visible:has-text('RUNNING')")).hasCount(2);
    assertThat(grid.locator(".task-endpoint:visible")).hasCount(2);
    Browser.screenshot(page, "21b-details-kept-on-refresh");
    api.delete("/api/v1/tenants/acme/workloads/" + other);
    assertThat(grid.locator("vaadin-grid-cell-content:visible").filter(new Locator.FilterOptions().setHasText("newcomer"))).hasCount(0);
    assertThat(grid.locator(".task-state:visible:has-text('RUNNING')")).hasCount(2);

    // Past the quota: the scale dialog says so on the field, in cores.
    workloads.act("web", "scale-web");
    page.locator("#scale-instances input").fill("30");
    assertThat(page.locator("#scale-instances")).containsText("Needs 7 cores more; 3.5 cores left in the quota");
    assertThat(page.locator("#scale-submit")).isDisabled();
    Browser.screenshot(page, "22-scale-past-quota");
    page.locator("#scale-cancel").click();

    workloads.scale("web", 1);
    assertThat(grid).containsText("1 / 1");
    Browser.screenshot(page, "23-web-scaled");

    // A filter that matches nothing says so, and how to see the rest.
    workloads.filter().fill("no-such-thing");
    assertThat(grid).containsText("No workload matches “no-such-thing”. Clear the filter to see all 1.");
    workloads.filter().fill("");

    workloads.stop("web");
    Browser.screenshot(page, "24-web-stopped");
  }
}
