package dev.atrium.portal.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.atrium.portal.support.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Alice books two cores on the simulated fleet for the next hour, sees the booking on the time line
 * go ACTIVE, launches a workload into it and sees it run; a booking past acme's quota is offered
 * the earliest window that fits, and booking that works. Its own portal and database.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=reservation-story")
class ReservationBrowserTest extends BrowserTest {

  private static final LocatorAssertions.HasTextOptions PUSHED = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

  @Test
  void aliceBooksTheNextHourRunsAWorkloadInItAndIsOfferedTheEarliestWindowWhenFull() {
    Page page = signIn("alice");
    page.locator("vaadin-side-nav-item:has-text('Reservations')").click();
    Locator grid = page.locator("#reservations-grid");
    assertThat(grid).isVisible();
    assertThat(page.locator("#reservation-timeline")).containsText("Nothing booked");
    Locator freeOnSim = page.locator("#free-sim");
    assertThat(freeOnSim).containsText("Free on sim");
    String freeBefore = freeOnSim.textContent();

    page.locator("#book").click();
    page.locator("#booking-name input").fill("launch-day");
    page.locator("#booking-cpu input").fill("1000");
    page.locator("#booking-memory input").fill("256");
    page.locator("#booking-instances input").fill("2");
    assertThat(page.locator("#booking-fit")).containsText("Fits");
    // An end before the start is said at once, not left to the server.
    Locator endDate = page.locator("#booking-end input").first();
    String endAsAsked = endDate.inputValue();
    endDate.fill("1/1/2020");
    endDate.press("Enter");
    assertThat(page.locator("#booking-fit")).containsText("The end must be after the start");
    endDate.fill(endAsAsked);
    endDate.press("Enter");
    assertThat(page.locator("#booking-fit")).containsText("Fits");
    page.locator("#booking-submit").click();
    page.locator("#booking-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    assertThat(grid).containsText("launch-day");
    assertThat(grid.locator(".reservation-state:visible")).hasText("ACTIVE", PUSHED); // its start is now
    assertThat(page.locator("#timeline-launch-day")).isVisible();
    // The two booked cores are no longer free on the pool drawn under the time line.
    assertThat(freeOnSim).not().hasText(freeBefore);
    Browser.screenshot(page, "50-reservation-active");

    page.locator("vaadin-side-nav-item:has-text('Workloads')").click();
    page.locator("#launch").click();
    page.locator("#launch-name input").fill("inside");
    page.locator("#launch-cpu input").fill("1000");
    page.locator("#launch-memory input").fill("256");
    page.locator("#launch-instances input").fill("2");
    page.locator("#launch-reservation").click();
    page.locator("vaadin-select-item:has-text('launch-day')").click();
    page.locator("#launch-submit").click();
    page.locator("#launch-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    Locator workloads = page.locator("#workloads-grid");
    assertThat(workloads.locator(".workload-state:visible")).hasText("RUNNING", PUSHED);
    assertThat(workloads).containsText("2 / 2");
    assertThat(workloads.locator(".reservation-of-workload:visible")).hasText("launch-day");
    Browser.screenshot(page, "51-workload-in-reservation");

    // Three more cores for the same hour would take acme past its quota: the form offers the hour after.
    page.locator("vaadin-side-nav-item:has-text('Reservations')").click();
    page.locator("#book").click();
    page.locator("#booking-name input").fill("overflow");
    page.locator("#booking-cpu input").fill("1000");
    page.locator("#booking-memory input").fill("256");
    page.locator("#booking-instances input").fill("3");
    assertThat(page.locator("#booking-fit")).containsText("Not free then");
    Browser.screenshot(page, "52-booking-earliest-window");
    page.locator("#booking-use-earliest").click();
    assertThat(page.locator("#booking-fit")).containsText("Fits");
    page.locator("#booking-submit").click();
    page.locator("#booking-form").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    assertThat(grid).containsText("overflow");
    assertThat(page.locator("#timeline-overflow")).isVisible();
    Browser.screenshot(page, "53-reservations-timeline");

    // A platform admin sees every tenant's bookings on the fleet's time line.
    Page ada = signIn("ada");
    ada.locator("#platform-nav vaadin-side-nav-item:has-text('Reservations')").click();
    Locator fleet = ada.locator("#fleet-reservations-grid");
    assertThat(fleet).containsText("acme");
    assertThat(fleet).containsText("launch-day");
    assertThat(ada.locator("#timeline-launch-day")).containsText("acme · launch-day");
    Browser.screenshot(ada, "54-fleet-reservations");
  }
}
