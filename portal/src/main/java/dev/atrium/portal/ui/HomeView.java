package dev.atrium.portal.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.admin.TenantsAdminView;
import dev.atrium.portal.ui.tenant.MembersView;
import dev.atrium.portal.ui.usage.UsageView;
import dev.atrium.portal.ui.workload.WorkloadsView;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.tenancy.member.TenantMembership;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.TenantDetails;
import dev.atrium.tenancy.tenant.TenantService;
import dev.atrium.tenancy.tenant.TenantState;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Where a person lands after signing in: who they are, their tenants, and the admin entry. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Home · Atrium")
@PermitAll
public class HomeView extends VerticalLayout implements BeforeEnterObserver {

  private final SignedInUser user;
  private final TenantService tenantService;
  private final dev.atrium.cluster.pool.Fleet fleet;
  private final dev.atrium.cluster.workload.WorkloadService workloads;

  HomeView(SignedInUser user, TenantService tenantService, dev.atrium.cluster.pool.Fleet fleet, dev.atrium.cluster.workload.WorkloadService workloads) {
    this.user = user;
    this.tenantService = tenantService;
    this.fleet = fleet;
    this.workloads = workloads;
    setPadding(true);
    setSpacing(true);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    Caller caller = user.caller();
    List<TenantMembership> tenants = user.tenants();
    if (tenants.isEmpty() && !caller.isPlatformAdmin()) {
      event.forwardTo(NoTenantView.class);
      return;
    }
    removeAll();
    H2 welcome = new H2("Welcome, " + caller.displayName());
    welcome.setId("welcome");
    add(welcome, new Paragraph(signedInAs(caller)));
    if (caller.isPlatformAdmin()) {
      add(new H3("The fleet now"), new FleetGlance(
          fleet.pools(),
          workloads.waitingByReason(caller.actor(), 6),
          tenantService.list(caller.actor(), PageRequest.first(PageRequest.MAX_LIMIT)).items()));
    }
    if (!tenants.isEmpty()) {
      add(new H3("Your tenants"));
      Div cards = new Div();
      cards.setId("tenant-cards");
      cards.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)");
      Map<String, TenantDetails> details =
          tenantService.list(caller.actor(), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
              .collect(Collectors.toMap(d -> d.tenant().slug(), d -> d));
      tenants.stream()
          .filter(m -> details.containsKey(m.tenant().slug()))
          .forEach(m -> cards.add(tenantCard(m, details.get(m.tenant().slug()))));
      add(cards);
    }
  }

  private static String signedInAs(Caller caller) {
    String email = caller.identity().email();
    return "Signed in as " + caller.identity().username() + (email == null ? "" : " · " + email);
  }

  private Div tenantCard(TenantMembership membership, TenantDetails details) {
    var tenant = details.tenant();
    Span name = new Span(tenant.displayName());
    name.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");
    Div header =
        new Div(
            name,
            Cards.badge(tenant.slug(), "contrast"),
            Cards.badge(membership.role().wireName(), ""),
            Cards.badge(tenant.state().name(), tenant.state() == TenantState.ACTIVE ? "success" : "error"));
    header.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("align-items", "center")
        .set("flex-wrap", "wrap");
    Span title = new Span("Quota and usage now");
    title.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    RouterLink workloads = new RouterLink("Workloads", WorkloadsView.class, new RouteParameters("slug", tenant.slug()));
    RouterLink members = new RouterLink("Members", MembersView.class, new RouteParameters("slug", tenant.slug()));
    RouterLink usage = new RouterLink("Usage", UsageView.class, new RouteParameters("slug", tenant.slug()));
    Div links = new Div(workloads, members, usage);
    links.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)");
    Div card = Cards.card(header, title, new QuotaBars(details.quota()), links);
    card.addClassName("tenant-card");
    card.getElement().setAttribute("data-tenant", tenant.slug());
    return card;
  }
}
