package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Keycloak's own sign-in page for the atrium realm. */
final class KeycloakLoginPage {

  private final Page page;

  KeycloakLoginPage(Page page) {
    this.page = page;
  }

  /** Waits until the browser shows Keycloak's sign-in form. */
  KeycloakLoginPage shown() {
    assertThat(page.locator("#kc-form-login")).isVisible();
    assertThat(page.locator("#username")).isVisible();
    return this;
  }

  void signIn(String username, String password) {
    page.locator("#username").fill(username);
    page.locator("#password").fill(password);
    page.locator("#kc-login").click();
  }

  Locator error() {
    return page.locator("#input-error, .kc-feedback-text, .pf-v5-c-alert__title").first();
  }
}
