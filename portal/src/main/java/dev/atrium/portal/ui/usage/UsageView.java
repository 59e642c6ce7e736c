package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.TenantRoute;
import dev.atrium.portal.ui.workload.WorkloadsView;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.billing.ExportFormat;
import dev.atrium.tenancy.metering.Metered;
import dev.atrium.tenancy.metering.QuotaStep;
import dev.atrium.tenancy.metering.UsageMeter;
import dev.atrium.tenancy.billing.UsageQuery;
import dev.atrium.tenancy.billing.UsageResource;
import dev.atrium.tenancy.billing.UsageRow;
import dev.atrium.tenancy.billing.UsageService;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A tenant's usage against its quota: a chart per resource for the chosen period, totals, and the
 * period's export in each format. Refreshes itself when open usage is rolled into the figures.
 */
@Route(value = "tenants/:slug/usage", layout = MainLayout.class)
@PageTitle("Usage · Atrium")
@PermitAll
public class UsageView extends VerticalLayout implements BeforeEnterObserver {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final UsageService usage;
  private final UsageMeter meter;
  private final TenantService tenants;
  private final SignedInUser signedIn;
  private final Div content = new Div();
  private Tenant tenant;
  private UsageToolbar toolbar;

  UsageView(UsageService usage, UsageMeter meter, TenantService tenants, LiveUpdates updates, SignedInUser user) {
    this.usage = usage;
    this.meter = meter;
    this.tenants = tenants;
    this.signedIn = user;
    setSizeFull();
    content.setWidthFull();
    updates.whileAttached(this, LiveUpdates.Topic.USAGE, () -> null, this::refresh);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    // Kept for refreshes pushed from other threads.
    tenant = TenantRoute.enter(event, tenants, actor()).orElse(null);
    if (tenant == null) {
      return;
    }
    String slug = tenant.slug();
    toolbar = new UsageToolbar(usage, (query, format) -> usage.ofTenant(actor(), slug, query, format), q -> refresh());
    removeAll();
    add(new H2("Usage of " + tenant.displayName()), toolbar, content);
    refresh();
  }



  private void refresh() {
    if (tenant == null) {
      return;
    }
    UsageQuery query = toolbar.query();
    List<UsageRow> rows = usage.rows(usage.ofTenant(actor(), tenant.slug(), query, ExportFormat.CSV));
    content.removeAll();
    if (rows.isEmpty()) {
      content.add(emptyState());
      return;
    }
    FlexLayout cards = new FlexLayout();
    cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    cards.getStyle().set("gap", "var(--lumo-space-m)");
    Metered metered = meter.metered();
    List<QuotaStep> steps = usage.quotaHistory(actor(), tenant.slug(), query);
    for (UsageResource resource : UsageResource.values()) {
      if (resource.reserved()) {
        continue; // capacity kept by reservations: shown with them
      }
      List<UsageRow> ofResource = rows.stream().filter(r -> r.resource().equals(resource.key())).toList();
      Div card = Cards.card(
          new H3(UsageChart.label(resource)), UsageSummary.line(resource, ofResource), UsageChart.of(resource, ofResource, steps, query, metered),
          UsageFigures.of(resource, ofResource, steps, metered));
      card.setId("usage-" + resource.key());
      card.getStyle().set("flex", "1 1 32rem");
      cards.add(card);
    }
    Paragraph note =
        new Paragraph(
            "Bars are the average held in each period (hover for its figure); the dashed line is the quota as it was. Periods that ended before "
                + TIME.format(metered.finalUntil())
                + " are final and never change; later ones are counted up to "
                + TIME.format(metered.countedUntil())
                + " and grow every minute.");
    note.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    content.add(cards, note);
  }

  private Div emptyState() {
    Span text = new Span("Nothing metered in this period yet. Work is metered from the moment it is placed on a node:");
    Button launch =
        new Button(
            "Launch a workload",
            e -> getUI().ifPresent(ui -> ui.navigate(WorkloadsView.class, new RouteParameters("slug", tenant.slug()))));
    launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Div empty = Cards.card(text, launch);
    empty.setId("usage-empty");
    return empty;
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
