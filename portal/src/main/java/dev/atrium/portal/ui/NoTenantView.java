package dev.atrium.portal.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.security.Caller;
import jakarta.annotation.security.PermitAll;

/**
 * For a signed-in person who belongs to no tenant yet: what that means and what to do. A member of
 * some tenant who comes here (an old bookmark, a membership added since) is taken home instead.
 */
@Route("no-tenant")
@PageTitle("No tenant · Atrium")
@PermitAll
public class NoTenantView extends VerticalLayout implements com.vaadin.flow.router.BeforeEnterObserver {

  private final SignedInUser user;

  @Override
  public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
    if (!user.tenants().isEmpty()) {
      event.forwardTo(HomeView.class);
    }
  }

  NoTenantView(SignedInUser user) {
    this.user = user;
    Caller caller = user.caller();
    setSizeFull();
    setAlignItems(FlexComponent.Alignment.CENTER);
    setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

    var icon = VaadinIcon.USERS.create();
    icon.setSize("48px");
    icon.getStyle().set("color", "var(--lumo-contrast-50pct)");
    H2 title = new H2("You are not a member of any tenant");
    title.setId("no-tenant-title");
    Paragraph explain =
        new Paragraph(
            "You are signed in as "
                + caller.displayName()
                + " ("
                + caller.identity().username()
                + "), but no tenant has added you yet. Ask a tenant admin to add you by your username "
                + caller.identity().username()
                + (caller.identity().email() == null ? "" : " or your email " + caller.identity().email())
                + ", then sign in again.");
    explain.getStyle().set("max-width", "36rem").set("text-align", "center");
    Button signOut = new Button("Sign out", e -> user.signOut());
    signOut.setId("sign-out-button");
    signOut.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    var card = Cards.card(icon, title, explain, signOut);
    card.getStyle().set("align-items", "center").set("max-width", "40rem");
    add(card);
  }
}
