package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.html.Hr;
import dev.atrium.portal.ui.KeyedRows;
import dev.atrium.portal.ui.RowActions;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.portal.ui.usage.UsageView;
import dev.atrium.portal.ui.workload.WorkloadsView;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.tenant.MembersView;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantChange;
import dev.atrium.tenancy.tenant.TenantDetails;
import dev.atrium.tenancy.tenant.TenantService;
import dev.atrium.tenancy.tenant.TenantState;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** Platform admins: every tenant with state, quota and usage; create, change quota, suspend, resume. */
@Route(value = "admin/tenants", layout = MainLayout.class)
@PageTitle("Tenants · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class TenantsAdminView extends VerticalLayout {

  private final TenantService tenants;
  private final QuotaService quotas;
  private final SignedInUser signedIn;
  private final Grid<TenantDetails> grid = new Grid<>();
  private final TextField filter = new TextField();
  // Keyed by slug: a live refresh re-renders only the tenants that changed.
  private final KeyedRows<TenantDetails> data = new KeyedRows<>(d -> d.tenant().slug());

  TenantsAdminView(TenantService tenants, QuotaService quotas, SignedInUser user, dev.atrium.portal.ui.LiveUpdates updates) {
    this.tenants = tenants;
    this.quotas = quotas;
    this.signedIn = user;
    setSizeFull();
    // What each tenant holds changes whenever a task anywhere is placed or ends.
    updates.whileAttached(this, dev.atrium.portal.ui.LiveUpdates.Topic.FLEET, () -> null, this::refresh);
    configureGrid();
    add(new H2("Tenants"), toolbar(), grid);
    refresh();
  }

  private Component toolbar() {
    filter.setPlaceholder("Filter by slug or name");
    filter.setAriaLabel("Filter by slug or name");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.setWidth("20rem");
    filter.addValueChangeListener(e -> applyFilter());
    Button create = new Button("New tenant", VaadinIcon.PLUS.create(), e -> openCreate());
    create.setId("new-tenant");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout bar = new HorizontalLayout(filter, create);
    bar.setWidthFull();
    bar.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
    return bar;
  }

  private void configureGrid() {
    grid.setId("tenants-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(d -> d.tenant().slug()).setHeader("Slug").setSortable(true).setAutoWidth(true);
    grid.addColumn(d -> d.tenant().displayName()).setHeader("Name").setSortable(true).setAutoWidth(true).setFlexGrow(1);
    grid.addComponentColumn(d -> stateBadge(d.tenant().state()))
        .setHeader("State")
        .setComparator(d -> d.tenant().state())
        .setAutoWidth(true);
    grid.addColumn(d -> Amounts.cpu(d.quota().usage().cpuMillis()) + " / " + Amounts.cpu(d.quota().quota().cpuMillis()))
        .setHeader("CPU used / quota")
        .setComparator(d -> d.quota().quota().cpuMillis())
        .setAutoWidth(true);
    grid.addColumn(d -> Amounts.memory(d.quota().usage().memoryMiB()) + " / " + Amounts.memory(d.quota().quota().memoryMiB()))
        .setHeader("Memory used / quota")
        .setComparator(d -> d.quota().quota().memoryMiB())
        .setAutoWidth(true);
    grid.addColumn(d -> d.quota().usage().gpus() + " / " + d.quota().quota().gpus())
        .setHeader("GPUs")
        .setComparator(d -> d.quota().quota().gpus())
        .setAutoWidth(true);
    grid.addColumn(d -> d.quota().usage().workloads() + " / " + d.quota().quota().workloads())
        .setHeader("Workloads")
        .setComparator(d -> d.quota().quota().workloads())
        .setAutoWidth(true);
    // Frozen to the end: the actions stay in view however wide the other columns grow.
    grid.addComponentColumn(this::actions).setHeader("").setWidth("4.5rem").setFlexGrow(0).setFrozenToEnd(true);
    grid.setItems(data);
    Div empty = new Div(new Span("No tenant matches. Clear the filter, or create a tenant with “New tenant”."));
    empty.setId("tenants-empty");
    grid.setEmptyStateComponent(empty);
  }

  /** A tenant's actions, in a menu that is never clipped: its pages, then changes to it. */
  private Component actions(TenantDetails details) {
    String slug = details.tenant().slug();
    RowActions actions = new RowActions("actions-" + slug, "Actions for " + slug);
    var items = actions.items();
    RouteParameters of = new RouteParameters("slug", slug);
    items.addItem("Workloads", e -> navigate(WorkloadsView.class, of)).setId("workloads-" + slug);
    items.addItem("Members", e -> navigate(MembersView.class, of)).setId("members-" + slug);
    items.addItem("Usage", e -> navigate(UsageView.class, of)).setId("usage-" + slug);
    items.add(new Hr());
    items.addItem("Edit…", e -> openEdit(details)).setId("edit-" + slug);
    items.addItem("Quota…", e -> openQuota(slug)).setId("quota-" + slug);
    boolean active = details.tenant().state() == TenantState.ACTIVE;
    MenuItem state = items.addItem(active ? "Suspend…" : "Resume…", e -> confirmState(details, active));
    state.setId((active ? "suspend-" : "resume-") + slug);
    if (active) {
      RowActions.destructive(state);
    }
    return actions.menu();
  }

  private void navigate(Class<? extends com.vaadin.flow.component.Component> view, RouteParameters parameters) {
    getUI().ifPresent(ui -> ui.navigate(view, parameters));
  }

  private void openCreate() {
    new TenantForm(
            form ->
                ServerErrors.run(
                    () -> {
                      var v = form.values();
                      tenants.create(actor(), new NewTenant(v.getSlug(), v.getDisplayName(), form.quota()));
                      ServerErrors.success("Tenant " + v.getSlug() + " created");
                      refresh();
                    },
                    form.fieldsByName(),
                    "slug"))
        .open();
  }

  private void openEdit(TenantDetails details) {
    String slug = details.tenant().slug();
    new TenantForm(
            slug,
            details.tenant().displayName(),
            form ->
                ServerErrors.run(
                    () -> {
                      tenants.update(actor(), slug, new TenantChange(form.values().getDisplayName(), null));
                      ServerErrors.success(slug + " renamed");
                      refresh();
                    },
                    form.fieldsByName(),
                    null))
        .open();
  }

  private void openQuota(String slug) {
    new QuotaEditor(
            slug,
            quotas.get(actor(), slug),
            editor ->
                ServerErrors.run(
                    () -> {
                      quotas.set(actor(), slug, editor.quota(), editor.version());
                      ServerErrors.success("Quota of " + slug + " saved");
                      refresh();
                    },
                    editor.fieldsByName(),
                    null))
        .open();
  }

  private void confirmState(TenantDetails details, boolean suspend) {
    String slug = details.tenant().slug();
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setId("confirm-state");
    confirm.setHeader((suspend ? "Suspend " : "Resume ") + slug + "?");
    confirm.setText(
        suspend
            ? "Its running workloads keep running, but nothing new is admitted until it is resumed."
            : "It can launch new workloads again, within its quota.");
    confirm.setCancelable(true);
    confirm.setConfirmText(suspend ? "Suspend" : "Resume");
    if (suspend) {
      confirm.setConfirmButtonTheme("error primary");
    }
    confirm.addConfirmListener(
        e ->
            ServerErrors.run(
                () -> {
                  tenants.update(actor(), slug, new TenantChange(null, suspend ? TenantState.SUSPENDED : TenantState.ACTIVE));
                  ServerErrors.success(slug + (suspend ? " suspended" : " resumed"));
                  refresh();
                },
                java.util.Map.of(),
                null));
    confirm.open();
  }

  private void refresh() {
    data.show(tenants.list(actor(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
  }

  private void applyFilter() {
    String text = filter.getValue().trim().toLowerCase();
    data.setFilter(
        d -> text.isEmpty() || d.tenant().slug().contains(text) || d.tenant().displayName().toLowerCase().contains(text));
  }

  static Span stateBadge(TenantState state) {
    return Cards.badge(state.name(), state == TenantState.ACTIVE ? "success" : "error");
  }

  private static Button small(String text, com.vaadin.flow.component.ComponentEventListener<com.vaadin.flow.component.ClickEvent<Button>> listener) {
    Button button = new Button(text, listener);
    button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
    return button;
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
