package dev.atrium.portal.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Whether the browser window is narrow (a phone): views that show a wide grid switch to a list of
 * cards there. Told once when the view is shown, and again whenever a resize crosses the line.
 */
public final class Narrow {

  /** Windows narrower than this many CSS pixels are narrow. */
  public static final int BREAKPOINT = 600;

  private Narrow() {}

  public static void follow(Component view, Consumer<Boolean> adapt) {
    view.addAttachListener(attach -> {
      UI ui = attach.getUI();
      AtomicReference<Boolean> last = new AtomicReference<>();
      Consumer<Integer> width = w -> {
        boolean narrow = w < BREAKPOINT;
        if (!Boolean.valueOf(narrow).equals(last.getAndSet(narrow))) {
          adapt.accept(narrow);
        }
      };
      // Read now, not from the details cached when the page first loaded: the window may have turned since.
      ui.getPage().executeJs("return window.innerWidth").then(Integer.class, width::accept);
      Registration resizes = ui.getPage().addBrowserWindowResizeListener(e -> width.accept(e.getWidth()));
      view.addDetachListener(detach -> {
        resizes.remove();
        detach.unregisterListener();
      });
    });
  }
}
