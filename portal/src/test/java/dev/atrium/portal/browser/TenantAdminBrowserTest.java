package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A platform admin runs a tenant's whole life in the console: creates it with a quota (the form checks
 * as she types and keeps the server's refusal on the field), adds its first admin, who then sees it,
 * suspends it after confirming, and finds all of it in the audit log.
 */
@PortalTest
// Its own portal and database: dave joins a tenant here, and other tests rely on him having none.
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class TenantAdminBrowserTest extends BrowserTest {


  @Test
  void adaCreatesInitechAddsDaveSuspendsItAndTheAuditShowsAll() {
    Page ada = signIn("ada");
    TenantsAdminPage tenants = TenantsAdminPage.fromDrawer(ada);
    assertThat(tenants.grid()).containsText("globex");

    // What a tenant holds moves in the grid as its work is admitted and stopped, without a reload.
    dev.atrium.portal.support.Api bob = dev.atrium.portal.support.Api.as(port, "bob");
    String work = bob.post("/api/v1/tenants/globex/workloads", """
        {"name":"moves","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":500,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim"}""").json().get("id").asText();
    assertThat(tenants.grid()).containsText("0.5 cores / 2 cores");
    bob.delete("/api/v1/tenants/globex/workloads/" + work);
    assertThat(tenants.grid()).not().containsText("0.5 cores / 2 cores");

    // Create: the form validates as she types, and the server's duplicate-slug refusal stays on the field.
    ada.locator("#new-tenant").click();
    Locator slug = ada.locator("#tenant-slug");
    slug.locator("input").fill("Bad Slug");
    assertThat(slug).hasAttribute("invalid", "");
    assertThat(slug).containsText("lowercase letters");
    slug.locator("input").fill("acme");
    ada.locator("#tenant-name input").fill("Initech");
    // Amounts as people write them: what is typed stays, and what cannot be read says why.
    Locator cpu = ada.locator("#tenant-cpu");
    cpu.locator("input").fill("3.5");
    assertThat(cpu.locator("input")).hasValue("3.5");
    assertThat(cpu).not().hasAttribute("invalid", "");
    cpu.locator("input").fill("-5");
    assertThat(cpu).containsText("Cannot be negative");
    cpu.locator("input").fill("99999999999");
    assertThat(cpu).containsText("At most 1000000 cores");
    assertThat(ada.locator("#tenant-save")).isDisabled();
    cpu.locator("input").fill("3.5");
    ada.locator("#tenant-memory input").fill("4");
    ada.locator("#tenant-workloads input").fill("5.5");
    assertThat(ada.locator("#tenant-workloads")).containsText("Must be a whole number");
    ada.locator("#tenant-workloads input").fill("5");
    ada.locator("#tenant-save").click();
    assertThat(slug).containsText("acme already exists");
    Browser.screenshot(ada, "10-create-tenant-duplicate-slug");
    slug.locator("input").fill("initech");
    ada.locator("#tenant-save").click();
    assertThat(ada.locator("#tenant-form")).isHidden();
    assertThat(ada.locator("#tenants-grid")).containsText("Initech");
    assertThat(ada.locator("#tenants-grid")).containsText("0 cores / 3.5 cores");
    ViewPage.awaitIdle(ada); // the grid has its new rows before a button in them is clicked

    // Members: dave becomes initech's tenant-admin.
    tenants.act("initech", "members-initech");
    ada.waitForURL("**/tenants/initech/members");
    ada.locator("#member-name input").fill("dave");
    ada.locator("#member-role").click();
    ada.locator("vaadin-select-item:has-text('tenant-admin')").click();
    ada.locator("#member-add").click();
    assertThat(ada.locator("#members-grid")).containsText("dave");
    Browser.screenshot(ada, "11-initech-members");

    // Dave signs in and sees initech with its quota.
    Page dave = signIn("dave");
    Locator card = dave.locator(".tenant-card[data-tenant='initech']");
    assertThat(card).containsText("Initech");
    assertThat(card).containsText("tenant-admin");
    assertThat(card).containsText("0 cores of 3.5 cores");
    assertThat(card).containsText("0 GiB of 4 GiB");
    Browser.screenshot(dave, "12-dave-sees-initech");

    // Suspend, after a confirmation.
    tenants = TenantsAdminPage.fromDrawer(ada);
    tenants.act("initech", "suspend-initech");
    assertThat(ada.getByText("nothing new is admitted")).isVisible();
    Browser.screenshot(ada, "13-confirm-suspend");
    ada.locator("[slot='confirm-button']").click();
    assertThat(ada.locator("#tenants-grid")).containsText("SUSPENDED");
    assertThat(tenants.openActions("initech").item("resume-initech")).isVisible();
    Browser.screenshot(ada, "14-tenants-after-suspend");
    ada.keyboard().press("Escape");

    // From the Tenants grid to a tenant's own pages: the drawer says whose data ada looks at.
    tenants.act("globex", "workloads-globex");
    assertThat(ada.locator("h2")).containsText("Workloads of Globex");
    assertThat(ada.locator("#viewing-tenant")).hasText("Viewing Globex as a platform admin");
    assertThat(ada.locator("#tenant-nav")).containsText("Globex");
    Browser.screenshot(ada, "16-ada-views-globex");

    // The audit log shows the three actions with before and after.
    ada.locator("vaadin-side-nav-item:has-text('Audit log')").click();
    ada.locator("#audit-tenant input").fill("initech");
    ada.locator("vaadin-combo-box-item:has-text('initech')").click();
    Locator grid = ada.locator("#audit-grid");
    // The grid keeps cells of rows it no longer shows in the page, hidden: look at visible cells only.
    assertThat(grid.locator("vaadin-grid-cell-content:visible").filter(new Locator.FilterOptions().setHasText("globex")))
        .hasCount(0);
    assertThat(grid).containsText("tenant.suspend");
    assertThat(grid).containsText("member.add");
    assertThat(grid).containsText("tenant.create");
    // Each change says what it changed, field by field.
    assertThat(grid.locator(".audit-change:visible").filter(new Locator.FilterOptions().setHasText("state: ACTIVE → SUSPENDED"))).hasCount(1);
    assertThat(grid.locator(".audit-change:visible").filter(new Locator.FilterOptions().setHasText("quota.CPU: 3.5 cores"))).hasCount(1);
    assertThat(ada.locator("#audit-count")).hasText("All 3 matching changes, newest first");
    Browser.screenshot(ada, "15-audit-initech");

    // The filtered log downloads as CSV.
    com.microsoft.playwright.Download download = ada.waitForDownload(() -> ada.locator("#audit-export").click());
    String csv;
    try {
      csv = java.nio.file.Files.readString(download.path());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    org.assertj.core.api.Assertions.assertThat(csv.lines().toList())
        .hasSize(4)
        .first().isEqualTo("occurredAt,actor,tenant,action,target,before,after");
    org.assertj.core.api.Assertions.assertThat(csv).contains(",ada,initech,tenant.suspend,").doesNotContain("globex");
  }
}
