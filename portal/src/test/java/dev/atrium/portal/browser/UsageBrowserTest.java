package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.tenancy.metering.UsageMeter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Alice looks at acme's usage against its quota and downloads it; ada compares every tenant. The
 * downloaded file is the API's export, byte for byte.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=browser-stories")
class UsageBrowserTest extends BrowserTest {

  @Autowired UsageMeter meter;

  /** A short-lived service on the sim pool gives acme some usage this hour; it is gone before the browser opens. */
  @BeforeEach
  void someUsage() throws Exception {
    Api alice = Api.as(port, "alice");
    String id =
        alice
            .post(
                "/api/v1/tenants/acme/workloads",
                "{\"name\":\"usage-demo\",\"kind\":\"SERVICE\",\"image\":\"localhost/busybox:latest\","
                    + "\"command\":[\"sleep\",\"600\"],\"resources\":{\"cpuMillis\":1500,\"memoryMiB\":2048,\"gpus\":0},"
                    + "\"instances\":2,\"pool\":\"sim\"}")
            .json()
            .get("id")
            .asText();
    Thread.sleep(2_000);
    assertThat(alice.delete("/api/v1/tenants/acme/workloads/" + id).status()).isEqualTo(204);
    meter.roll();
  }

  @Test
  void aliceSeesAcmesUsageAgainstItsQuotaAndDownloadsTheApisCsv() throws Exception {
    Page page = signIn("alice");
    UsagePage usage = UsagePage.fromDrawer(page);
    assertThat(page.locator("h2")).containsText("Usage of Acme");
    assertThat(page.locator("#usage-cpu svg")).isVisible();
    assertThat(page.locator("#usage-memory")).containsText("GiB-hours");
    assertThat(page.locator("#usage-cpu")).containsText("allowed");
    // The quota is drawn as it was: acme's 4 cores, whatever part of the period it existed for.
    assertThat(usage.figures("cpu").first()).containsText("4 cores");
    // Each bar says its period and figure on hover.
    assertThat(page.locator("#usage-cpu svg rect.usage-bar title").first()).containsText("held on average");
    Browser.screenshot(page, "40-usage-acme");

    Download download = page.waitForDownload(() -> page.locator("#download-csv").click());
    String file = Files.readString(download.path());

    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Api.Response api =
        Api.as(port, "alice")
            .get("/api/v1/tenants/acme/usage?from=" + hour.minus(Duration.ofHours(23)) + "&to=" + hour.plusSeconds(3600));
    assertThat(download.suggestedFilename()).startsWith("atrium-usage-acme-hour-").endsWith(".csv");
    assertThat(file.lines().findFirst()).contains("tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final");
    assertThat(file).isEqualTo(api.body());
    assertThat(file.lines().skip(1)).isNotEmpty().allMatch(line -> line.startsWith("acme,"));
    assertThat(file).containsPattern("acme,[^,]+,[^,]+,cpu,millicore_seconds,[1-9][0-9]*,");
  }

  @Test
  void adaComparesEveryTenantsUsage() {
    Page page = signIn("ada");
    page.locator("vaadin-side-nav-item:has-text('Usage')").last().click();

    assertThat(page.locator("#usage-grid")).containsText("acme");
    assertThat(page.locator("#usage-grid")).containsText("globex");
    Browser.screenshot(page, "41-usage-all-tenants");
    page.locator("#usage-filter input").fill("glob");
    assertThat(page.locator("#usage-grid")).not().containsText("(acme)");
  }
}
