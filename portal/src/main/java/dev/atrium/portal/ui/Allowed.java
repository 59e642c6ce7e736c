package dev.atrium.portal.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.shared.Tooltip;
import java.util.Optional;

/**
 * Actions the signed-in person may not take are shown disabled, saying why on hover and to screen
 * readers, instead of failing when pressed. The services check again on submit.
 */
public final class Allowed {

  private Allowed() {}

  /**
   * The button itself when {@code refusal} is empty; otherwise the button disabled inside a wrapper
   * that carries the reason (a disabled button takes no pointer events, so its own tooltip would never show).
   */
  public static Component button(Button button, Optional<String> refusal) {
    if (refusal.isEmpty()) {
      return button;
    }
    button.setEnabled(false);
    button.getElement().setAttribute("aria-description", refusal.get());
    Span wrapper = new Span(button);
    wrapper.addClassName("not-allowed");
    wrapper.getElement().setAttribute("title", refusal.get());
    Tooltip.forComponent(wrapper).setText(refusal.get());
    return wrapper;
  }
}
