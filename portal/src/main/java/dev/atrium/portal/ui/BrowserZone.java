package dev.atrium.portal.ui;

import com.vaadin.flow.component.UI;
import java.time.ZoneId;
import java.util.function.Consumer;

/** The time zone of the person's browser, in which views show times (and say which). */
public final class BrowserZone {

  private BrowserZone() {}

  /** Asks the browser for its zone and hands it to {@code use}; UTC if the browser names none Java knows. */
  public static void retrieve(UI ui, Consumer<ZoneId> use) {
    ui.getPage().retrieveExtendedClientDetails(details -> {
      ZoneId zone;
      try {
        zone = ZoneId.of(details.getTimeZoneId());
      } catch (RuntimeException e) {
        zone = ZoneId.of("UTC");
      }
      use.accept(zone);
    });
  }
}
