package dev.atrium.portal.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, one fresh browser context (no cookies) per person. Pages
 * are saved as screenshots under {@code target/screenshots}, which is how their look is checked.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final Path CHROMIUM = Paths.get(System.getProperty("atrium.test.chromium", "/usr/bin/chromium"));

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;

  /**
   * How long a page or an assertion may wait: long enough for a cold first start (the first sign-in of
   * a run waits for Keycloak and the portal to warm up), never a fixed sleep.
   */
  static final double TIMEOUT_MS = 30_000;

  Browser() {
    PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    chromium =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  /** A new page in its own context, as if a new person opened the browser. */
  Page newPage() {
    return newPage(new com.microsoft.playwright.Browser.NewContextOptions());
  }

  /** A new page in a context of its own (empty cache) that keeps the sign-in of {@code signedIn}. */
  Page newPageSignedInAs(Page signedIn) {
    return newPage(new com.microsoft.playwright.Browser.NewContextOptions().setStorageState(signedIn.context().storageState()));
  }

  private Page newPage(com.microsoft.playwright.Browser.NewContextOptions options) {
    Page page = chromium.newContext(options.setViewportSize(1280, 800)).newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.setDefaultNavigationTimeout(2 * TIMEOUT_MS);
    return page;
  }

  static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    // Animations run to their end first: a dialog that is closing is not caught half faded.
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true)
        .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED));
  }

  @Override
  public void close() {
    chromium.close();
    playwright.close();
  }
}
