package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.Quantities;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.quota.QuotaUsage;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import dev.atrium.tenancy.tenant.TenantState;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** Platform admins: every tenant with its state, quota and what it holds now. */
@Route(value = "admin/tenants", layout = MainLayout.class)
@PageTitle("Tenants · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class TenantsAdminView extends VerticalLayout {

  record Row(Tenant tenant, QuotaUsage quota) {}

  private final Grid<Row> grid = new Grid<>();
  private final TextField filter = new TextField();

  TenantsAdminView(TenantService tenants, QuotaService quotas) {
    setSizeFull();
    List<Row> rows = tenants.findAll().stream().map(t -> new Row(t, quotas.of(t.id()))).toList();
    configureGrid(new ListDataProvider<>(rows));
    add(new H2("Tenants"), toolbar(), grid);
  }

  private TextField toolbar() {
    filter.setPlaceholder("Filter by slug or name");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.setWidth("20rem");
    return filter;
  }

  private void configureGrid(ListDataProvider<Row> data) {
    grid.setId("tenants-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(r -> r.tenant().slug()).setHeader("Slug").setSortable(true).setAutoWidth(true);
    grid.addColumn(r -> r.tenant().displayName()).setHeader("Name").setSortable(true).setAutoWidth(true).setFlexGrow(1);
    grid.addComponentColumn(
            r -> Cards.badge(r.tenant().state().name(), r.tenant().state() == TenantState.ACTIVE ? "success" : "error"))
        .setHeader("State")
        .setComparator(r -> r.tenant().state())
        .setAutoWidth(true);
    grid.addColumn(r -> Quantities.cpu(r.quota().usage().cpuMillis()) + " / " + Quantities.cpu(r.quota().quota().cpuMillis()))
        .setHeader("CPU used / quota")
        .setComparator(r -> r.quota().quota().cpuMillis())
        .setAutoWidth(true);
    grid.addColumn(
            r -> Quantities.memory(r.quota().usage().memoryMiB()) + " / " + Quantities.memory(r.quota().quota().memoryMiB()))
        .setHeader("Memory used / quota")
        .setComparator(r -> r.quota().quota().memoryMiB())
        .setAutoWidth(true);
    grid.addColumn(r -> r.quota().usage().gpus() + " / " + r.quota().quota().gpus())
        .setHeader("GPUs")
        .setComparator(r -> r.quota().quota().gpus())
        .setAutoWidth(true);
    grid.addColumn(r -> r.quota().usage().workloads() + " / " + r.quota().quota().workloads())
        .setHeader("Workloads")
        .setComparator(r -> r.quota().quota().workloads())
        .setAutoWidth(true);
    grid.setItems(data);
    grid.setEmptyStateComponent(new Span("No tenant matches. Clear the filter, or create the first tenant."));
    filter.addValueChangeListener(
        e -> {
          String text = e.getValue().trim().toLowerCase();
          data.setFilter(
              r -> text.isEmpty()
                  || r.tenant().slug().contains(text)
                  || r.tenant().displayName().toLowerCase().contains(text));
        });
  }
}
