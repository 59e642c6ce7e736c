package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The launch dialog is a whole form: a pool whose engine cannot be reached is listed disabled with
 * the reason, env and node labels are typed as pairs and checked as one types, Launch stays disabled
 * while anything is wrong, and what is launched carries them. Its own portal, with a local pool
 * pointed at an engine that is not there.
 */
@PortalTest
@TestPropertySource(
    properties = {
      "atrium.test.database=launch-form",
      "atrium.cluster.pools[0].name=local",
      "atrium.cluster.pools[0].driver=local",
      "atrium.cluster.pools[0].local.docker-host=unix:///nonexistent/podman.sock",
      "atrium.cluster.pools[1].name=sim",
      "atrium.cluster.pools[1].driver=sim"
    })
class LaunchBrowserTest extends BrowserTest {

  @Test
  void aliceLaunchesAJobWithEnvAndLabelsAndSeesTheUnavailablePoolSayWhy() {
    Page page = signIn("alice");
    WorkloadsPage.fromDrawer(page).launchButton().click();
    assertThat(page.locator("#launch-pool")).containsText("sim");
    page.locator("#launch-pool").click();
    Locator disabled = page.locator("vaadin-select-item[disabled]:visible");
    assertThat(disabled).hasCount(1);
    assertThat(disabled).containsText("local — unavailable:");
    Browser.screenshot(page, "25-launch-pool-unavailable");
    page.keyboard().press("Escape");

    assertThat(page.locator("#launch-submit")).isDisabled();
    page.locator("#launch-name input").fill("Report");
    assertThat(page.locator("#launch-name")).containsText("Lowercase letters, digits and dashes");
    page.locator("#launch-name input").fill("report");
    page.locator("#launch-kind").click();
    page.locator("vaadin-select-item:has-text('JOB')").click();
    assertThat(page.locator("#launch-duration input")).hasValue("30");
    page.locator("#launch-env textarea").fill("MODE=demo\nJUSTTEXT");
    page.locator("#launch-labels input").fill("zone=a");
    assertThat(page.locator("#launch-env")).containsText("“JUSTTEXT” is not NAME=value");
    assertThat(page.locator("#launch-submit")).isDisabled();
    Browser.screenshot(page, "26-launch-env-wrong");
    page.locator("#launch-env textarea").fill("MODE=demo\nGREETING=hello");
    assertThat(page.locator("#launch-submit")).isEnabled();
    page.locator("#launch-submit").click();
    assertThat(new WorkloadsPage(page).row("report")).isVisible();

    JsonNode report = Api.as(port, "alice").get("/api/v1/tenants/acme/workloads").json().get("items").get(0);
    org.assertj.core.api.Assertions.assertThat(report.get("name").asText()).isEqualTo("report");
    org.assertj.core.api.Assertions.assertThat(report.get("env").get("GREETING").asText()).isEqualTo("hello");
    org.assertj.core.api.Assertions.assertThat(report.get("nodeLabels").get("zone").asText()).isEqualTo("a");
    org.assertj.core.api.Assertions.assertThat(report.get("durationSeconds").asInt()).isEqualTo(30);
    org.assertj.core.api.Assertions.assertThat(report.get("pool").asText()).isEqualTo("sim");
  }
}
