package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import dev.atrium.portal.support.PortalTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Every main view, scanned with Deque's axe-core as a tenant-admin and as a platform admin: no
 * serious or critical violation. Each view is also photographed at 1280 px and on a 390 px phone,
 * for a person to look at.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class AccessibilityBrowserTest extends BrowserTest {

  private static final List<String> ALICE_VIEWS =
      List.of("", "tenants/acme/workloads", "tenants/acme/reservations", "tenants/acme/members", "tenants/acme/usage");
  private static final List<String> ADA_VIEWS =
      List.of("", "admin/tenants", "admin/pools", "admin/reservations", "admin/usage", "admin/audit");

  @Test
  void aTenantAdminsViewsHaveNoSeriousViolations() {
    dev.atrium.portal.support.Api alice = dev.atrium.portal.support.Api.as(port, "alice");
    String id = alice.post("/api/v1/tenants/acme/workloads", """
        {"name":"scanned","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":2,"pool":"sim"}""").json().get("id").asText();
    try {
      Page page = signIn("alice");
      scan(page, "alice", ALICE_VIEWS);
      // The dialogs people fill in are scanned open.
      page.setViewportSize(1280, 800);
      page.navigate(portal() + "tenants/acme/workloads");
      new WorkloadsPage(page).waitUntilReady().launchButton().click();
      assertThat(page.locator("#launch-name")).isVisible();
      org.assertj.core.api.Assertions.assertThat(serious(page)).as("serious or critical violations in the launch dialog").isEmpty();
      page.keyboard().press("Escape");
      new WorkloadsPage(page).act("scanned", "scale-scanned");
      assertThat(page.locator("#scale-instances")).isVisible();
      org.assertj.core.api.Assertions.assertThat(serious(page)).as("serious or critical violations in the scale dialog").isEmpty();
    } finally {
      alice.delete("/api/v1/tenants/acme/workloads/" + id);
    }
  }

  @Test
  void aPlatformAdminsViewsHaveNoSeriousViolations() {
    scan(signIn("ada"), "ada", ADA_VIEWS);
  }

  private static List<String> serious(Page page) {
    // A dialog fading in has text at part opacity: contrast is measured once it is fully open.
    page.waitForFunction("() => !document.querySelector('vaadin-dialog-overlay[opening], vaadin-dialog-overlay[closing]')");
    ViewPage.awaitIdle(page);
    return new AxeBuilder(page).analyze().getViolations().stream()
        .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
        .map(rule -> rule.getId() + " " + rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
        .toList();
  }

  private void scan(Page page, String who, List<String> views) {
    StringBuilder found = new StringBuilder();
    for (String view : views) {
      page.setViewportSize(1280, 800);
      page.navigate(portal() + view);
      assertThat(page.locator("vaadin-app-layout")).isVisible();
      ViewPage.awaitIdle(page);
      List<Rule> serious = new AxeBuilder(page).analyze().getViolations().stream()
          .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
          .toList();
      for (Rule rule : serious) {
        found.append("\n/").append(view).append(": ").append(rule.getId()).append(" (").append(rule.getImpact()).append(") ")
            .append(rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")));
      }
      String name = who + "-" + (view.isEmpty() ? "home" : view.replace('/', '-'));
      Browser.screenshot(page, "90-" + name + "-1280");
      page.setViewportSize(390, 844);
      ViewPage.awaitIdle(page);
      if (view.endsWith("/workloads")) { // on a phone, each workload is a card
        assertThat(page.locator(".workload-card:visible").first()).containsText("scanned");
      }
      Browser.screenshot(page, "91-" + name + "-390");
    }
    org.assertj.core.api.Assertions.assertThat(found.toString()).as("serious or critical axe-core violations").isEmpty();
  }
}
