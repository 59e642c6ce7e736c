package dev.atrium.portal.browser;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A browser test class: one Chromium for the class, a fresh page per person. */
abstract class BrowserTest {

  static Browser browser;

  @LocalServerPort int port;

  @BeforeAll
  static void openBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void closeBrowser() {
    browser.close();
  }

  String portal() {
    return "http://127.0.0.1:" + port + "/";
  }

  /**
   * A new person opens the portal and signs in through Keycloak with their dev password; returns once
   * the portal has rendered the page they land on.
   */
  Page signIn(String user) {
    Page page = browser.newPage();
    page.navigate(portal());
    new KeycloakLoginPage(page).shown().signIn(user, user + "-dev-pw");
    page.waitForURL(portal() + "**");
    ViewPage.awaitIdle(page);
    return page;
  }
}
