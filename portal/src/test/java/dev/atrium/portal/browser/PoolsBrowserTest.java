package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;

/** Ada drains a node from the console after confirming, sees its state change, and returns it. */
@PortalTest
class PoolsBrowserTest extends BrowserTest {

  @Test
  void adaDrainsANodeAndReturnsIt() {
    Page page = signIn("ada");
    PoolsPage pools = PoolsPage.open(page, portal()).showNodesOf("sim");
    assertThat(pools.action("drain", "sim-00001")).isVisible();

    pools.act("drain", "sim-00001");
    assertThat(pools.action("ready", "sim-00001")).isVisible();
    assertThat(pools.action("drain", "sim-00001")).hasCount(0);
    Browser.screenshot(page, "30-pools-node-draining");

    pools.act("ready", "sim-00001");
    assertThat(pools.action("drain", "sim-00001")).isVisible();
    assertThat(pools.action("ready", "sim-00001")).hasCount(0);
  }
}
