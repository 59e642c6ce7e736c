package dev.atrium.portal.ui.error;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.CurrentTenant;
import dev.atrium.portal.ui.HomeView;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.workload.WorkloadsView;

/**
 * The body of Atrium's error pages, shown inside the portal's frame: what happened in one sentence
 * and a way back to the person's own tenant. It never lists routes or says why access was refused
 * beyond what the person may know.
 */
class ErrorPage extends VerticalLayout {

  private final SignedInUser user;

  ErrorPage(SignedInUser user) {
    this.user = user;
    setSizeFull();
    setAlignItems(FlexComponent.Alignment.CENTER);
    setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
  }

  void show(VaadinIcon symbol, String title, String explanation) {
    var icon = symbol.create();
    icon.setSize("48px");
    icon.getStyle().set("color", "var(--lumo-contrast-50pct)");
    H2 heading = new H2(title);
    heading.setId("error-title");
    Paragraph text = new Paragraph(explanation);
    text.setId("error-text");
    text.getStyle().set("max-width", "36rem").set("text-align", "center");
    var card = Cards.card(icon, heading, text, wayBack());
    card.getStyle().set("align-items", "center").set("max-width", "40rem");
    removeAll();
    add(card);
  }

  /** Back to the workloads of the tenant the person was working in, or home if they have none. */
  private RouterLink wayBack() {
    RouterLink back =
        CurrentTenant.of(user.tenants())
            .map(
                m ->
                    new RouterLink(
                        "Back to " + m.tenant().displayName(),
                        WorkloadsView.class,
                        new RouteParameters("slug", m.tenant().slug())))
            .orElseGet(() -> new RouterLink("Back to the home page", HomeView.class));
    back.setId("error-way-back");
    return back;
  }
}
