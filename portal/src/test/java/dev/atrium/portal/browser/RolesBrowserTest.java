package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The portal knows who is looking: a tenant-viewer sees the tenant's work with Launch disabled and
 * saying why, and no row actions at all, instead of learning on submit; a member who opens the
 * no-tenant page is taken home instead of being told they belong to no tenant.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class RolesBrowserTest extends BrowserTest {

  @Test
  void aTenantViewerSeesTheWorkButCannotLaunchOrChangeIt() {
    Api ada = Api.as(port, "ada");
    ada.post("/api/v1/tenants", """
        {"slug":"umbrella","displayName":"Umbrella","quota":{"cpuMillis":2000,"memoryMiB":2048,"gpus":0,"workloads":5}}""");
    ada.post("/api/v1/tenants/umbrella/members", "{\"username\":\"dave\",\"role\":\"tenant-viewer\"}");
    ada.post("/api/v1/tenants/umbrella/workloads", """
        {"name":"watched","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim"}""");

    Page page = signIn("dave");
    page.navigate(portal() + "tenants/umbrella/workloads");
    WorkloadsPage workloads = new WorkloadsPage(page).waitUntilReady();
    assertThat(workloads.row("watched")).isVisible();
    assertThat(workloads.launchButton()).isDisabled();
    assertThat(page.locator(".not-allowed")).hasAttribute("title", "A tenant-viewer of umbrella cannot change its work.");
    assertThat(page.locator("#read-only-note")).containsText("cannot change its work");
    assertThat(page.locator("[id^='actions-']")).hasCount(0);
    Browser.screenshot(page, "80-viewer-workloads");

    // The switcher opens the same view of the tenant chosen, and follows the URL.
    ada.post("/api/v1/tenants", """
        {"slug":"wayne","displayName":"Wayne Enterprises","quota":{"cpuMillis":1000,"memoryMiB":1024,"gpus":0,"workloads":5}}""");
    ada.post("/api/v1/tenants/wayne/members", "{\"username\":\"dave\",\"role\":\"tenant-member\"}");
    page.navigate(portal() + "tenants/umbrella/reservations");
    assertThat(page.locator("#tenant-switcher")).containsText("Umbrella");
    assertThat(page.locator("#book")).isDisabled();
    page.locator("#tenant-switcher").click();
    page.locator("vaadin-select-item:has-text('Wayne Enterprises')").click();
    assertThat(page).hasURL(portal() + "tenants/wayne/reservations");
    assertThat(page.locator("h2")).containsText("Reservations of Wayne Enterprises");
    assertThat(page.locator("#tenant-nav")).containsText("Wayne Enterprises");
    assertThat(page.locator("#book")).isEnabled();
    page.locator("#tenant-nav vaadin-side-nav-item:has-text('Members')").click();
    assertThat(page.locator("#read-only-note")).containsText("Only a tenant-admin of wayne");
    page.navigate(portal() + "tenants/umbrella/workloads");
    assertThat(page.locator("#tenant-switcher")).containsText("Umbrella");
    Browser.screenshot(page, "81-switcher-follows-the-url");

    // Switched in place, the same view follows the new tenant live, unfiltered.
    new WorkloadsPage(page).waitUntilReady().filter().fill("watched");
    page.locator("#tenant-switcher").click();
    page.locator("vaadin-select-item:has-text('Wayne Enterprises')").click();
    assertThat(page).hasURL(portal() + "tenants/wayne/workloads");
    WorkloadsPage wayne = new WorkloadsPage(page).waitUntilReady();
    assertThat(wayne.filter()).hasValue("");
    String id = ada.post("/api/v1/tenants/wayne/workloads", """
        {"name":"arrives","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim"}""").json().get("id").asText();
    assertThat(wayne.row("arrives")).isVisible();
    ada.delete("/api/v1/tenants/wayne/workloads/" + id);

    page.navigate(portal() + "no-tenant");
    assertThat(page).hasURL(portal());
    assertThat(page.locator("#no-tenant-title")).hasCount(0);
  }
}
