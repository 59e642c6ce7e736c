package dev.atrium.portal.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** Small presentational pieces shared by views: cards and Lumo badges. */
public final class Cards {

  private Cards() {}

  public static Div card(Component... content) {
    Div card = new Div(content);
    card.addClassName("atrium-card");
    card.getStyle()
        .set("background", "var(--lumo-base-color)")
        .set("border", "1px solid var(--lumo-contrast-10pct)")
        .set("border-radius", "var(--lumo-border-radius-l)")
        .set("box-shadow", "var(--lumo-box-shadow-xs)")
        .set("padding", "var(--lumo-space-l)")
        .set("display", "flex")
        .set("flex-direction", "column")
        .set("gap", "var(--lumo-space-s)")
        .set("min-width", "16rem");
    return card;
  }

  /** A Lumo badge; {@code variant} is e.g. "success", "error", "contrast" or "" for the default. */
  public static Span badge(String text, String variant) {
    Span badge = new Span(text);
    badge.getElement().getThemeList().add(("badge " + variant).trim());
    return badge;
  }
}
