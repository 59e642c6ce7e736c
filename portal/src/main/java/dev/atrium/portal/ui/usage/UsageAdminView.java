package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import java.util.function.ToLongFunction;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.billing.TenantUsage;
import dev.atrium.tenancy.billing.UsageResource;
import dev.atrium.tenancy.billing.UsageService;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;

/** Platform admins: every tenant's usage over a period against its quota, sortable, with the billing export. */
@Route(value = "admin/usage", layout = MainLayout.class)
@PageTitle("Usage · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class UsageAdminView extends VerticalLayout {

  private final UsageService usage;
  private final SignedInUser signedIn;
  private final UsageToolbar toolbar;
  private final Grid<TenantUsage> grid = new Grid<>();
  private final List<TenantUsage> rows = new ArrayList<>();
  private final ListDataProvider<TenantUsage> shown = new ListDataProvider<>(rows);

  UsageAdminView(UsageService usage, LiveUpdates updates, SignedInUser user) {
    this.usage = usage;
    this.signedIn = user;
    setSizeFull();
    toolbar = new UsageToolbar(usage, (query, format) -> usage.all(actor(), query, format), q -> refresh());
    toolbar.add(filter());
    configureGrid();
    add(new H2("Usage of all tenants"), toolbar, grid);
    updates.whileAttached(this, LiveUpdates.Topic.USAGE, () -> null, this::refresh);
    refresh();
  }



  private TextField filter() {
    TextField filter = new TextField();
    filter.setPlaceholder("Filter by tenant");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.setId("usage-filter");
    filter.addValueChangeListener(
        e -> {
          String text = e.getValue().trim().toLowerCase();
          shown.setFilter(
              u -> text.isEmpty() || u.tenant().contains(text) || u.tenantName().toLowerCase().contains(text));
        });
    return filter;
  }

  private void configureGrid() {
    grid.setId("usage-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.setItems(shown);
    Grid.Column<TenantUsage> tenant =
        grid.addColumn(u -> u.tenantName() + " (" + u.tenant() + ")")
            .setHeader("Tenant")
            .setComparator(TenantUsage::tenant)
            .setAutoWidth(true)
            .setFlexGrow(1);
    Grid.Column<TenantUsage> cpu = amount(UsageResource.CPU, TenantUsage::cpuMillicoreSeconds, TenantUsage::cpuQuota);
    amount(UsageResource.MEMORY, TenantUsage::mibSeconds, TenantUsage::memoryQuota);
    amount(UsageResource.GPU, TenantUsage::gpuSeconds, TenantUsage::gpuQuota);
    tenant.setSortable(true);
    grid.sort(List.of(new GridSortOrder<>(cpu, SortDirection.DESCENDING)));
    grid.setEmptyStateText("No tenant held anything in this period. Choose a longer period, or create tenants under Tenants.");
  }

  /** One column per resource: what was held, with a bar of its share of the quota; sorted by amount. */
  private Grid.Column<TenantUsage> amount(
      UsageResource resource, ToLongFunction<TenantUsage> held, ToLongFunction<TenantUsage> allowed) {
    return grid.addComponentColumn(u -> cell(resource, held.applyAsLong(u), allowed.applyAsLong(u)))
        .setHeader(UsageChart.label(resource))
        .setComparator(u -> held.applyAsLong(u))
        .setSortable(true)
        .setWidth("13rem")
        .setFlexGrow(0);
  }

  private static Component cell(UsageResource resource, long held, long allowed) {
    ProgressBar bar = new ProgressBar(0, 1, Math.min(1, TenantUsage.share(held, allowed)));
    Span amount = new Span(UsageSummary.hours(resource, held));
    Span share = new Span(UsageSummary.percent(held, allowed) + (allowed == 0 ? "" : " of quota"));
    share.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
    bar.getElement().setAttribute("aria-label", UsageChart.label(resource) + ": " + amount.getText() + ", " + share.getText());
    return new Div(amount, bar, share);
  }

  private void refresh() {
    rows.clear();
    rows.addAll(usage.totals(actor(), toolbar.query()));
    shown.refreshAll();
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
