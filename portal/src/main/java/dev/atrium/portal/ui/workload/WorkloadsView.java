package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.cluster.reservation.ReservationState;
import dev.atrium.cluster.reservation.ReservationTimes;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.TaskLogs;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.portal.ui.BrowserZone;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.Quantities;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.TenantRoute;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's workloads with each task's state, node and reason, changing live as the cluster moves:
 * launch (within the quota), scale, stop, and read a container's last log lines.
 */
@Route(value = "tenants/:slug/workloads", layout = MainLayout.class)
@PageTitle("Workloads · Atrium")
@PermitAll
public class WorkloadsView extends VerticalLayout implements BeforeEnterObserver {

  private final WorkloadService workloads;
  private final TenantService tenants;
  private final QuotaService quotas;
  private final Fleet fleet;
  private final TaskLogs logs;
  private final ReservationService reservations;
  private final SignedInUser user;
  private final Grid<Workload> grid = new Grid<>();
  private final List<Workload> rows = new ArrayList<>();
  private final ListDataProvider<Workload> shown = new ListDataProvider<>(rows);
  private final Map<UUID, Reservation> reservationsById = new HashMap<>();
  private final Clock clock;
  private ZoneId zone = ZoneId.of("UTC");
  private Tenant tenant;

  WorkloadsView(
      WorkloadService workloads,
      TenantService tenants,
      QuotaService quotas,
      Fleet fleet,
      TaskLogs logs,
      ReservationService reservations,
      LiveUpdates updates,
      SignedInUser user,
      Clock clock) {
    this.clock = clock;
    this.workloads = workloads;
    this.tenants = tenants;
    this.quotas = quotas;
    this.fleet = fleet;
    this.logs = logs;
    this.reservations = reservations;
    this.user = user;
    setSizeFull();
    configureGrid();
    updates.whileAttached(this, LiveUpdates.Topic.TASKS, () -> tenant == null ? null : tenant.id(), this::refresh);
    // A reservation's warning or end shows on the workloads that run in it.
    updates.whileAttached(this, LiveUpdates.Topic.RESERVATIONS, () -> tenant == null ? null : tenant.id(), this::refresh);
  }

  public static void open(com.vaadin.flow.component.UI ui, String slug) {
    ui.navigate(WorkloadsView.class, new RouteParameters("slug", slug));
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    // Kept for refreshes pushed from other threads.
    tenant = TenantRoute.enter(event, tenants, actor()).orElse(null);
    if (tenant == null) {
      return;
    }
    removeAll();
    add(header(), grid);
    refresh();
    BrowserZone.retrieve(event.getUI(), browser -> {
      zone = browser;
      shown.refreshAll();
    });
  }



  private Component header() {
    TextField filter = new TextField();
    filter.setPlaceholder("Filter by name, image or state");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.addValueChangeListener(
        e -> {
          String text = e.getValue().trim().toLowerCase();
          shown.setFilter(
              w -> text.isEmpty() || w.spec().name().contains(text) || w.spec().image().toLowerCase().contains(text)
                  || w.state().toLowerCase().contains(text));
        });
    Button launch = new Button("Launch", VaadinIcon.PLAY.create(), e -> openLaunch());
    launch.setId("launch");
    launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout tools = new HorizontalLayout(filter, launch);
    tools.setWidthFull();
    tools.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
    return new VerticalLayout(new H2("Workloads of " + tenant.displayName()), tools);
  }

  private void configureGrid() {
    grid.setId("workloads-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(w -> w.spec().name()).setHeader("Name").setSortable(true).setAutoWidth(true);
    grid.addColumn(w -> w.spec().kind().name()).setHeader("Kind").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(w -> stateBadge(w.state(), "workload-state")).setHeader("State").setComparator(Workload::state).setWidth("9rem").setFlexGrow(0);
    grid.addColumn(w -> running(w) + " / " + w.spec().instances()).setHeader("Running").setAutoWidth(true);
    grid.addColumn(w -> Quantities.cpu(w.spec().resources().cpuMillis()) + " · " + Quantities.memory(w.spec().resources().memoryMiB())
            + (w.spec().resources().gpus() > 0 ? " · " + w.spec().resources().gpus() + " GPU" : ""))
        .setHeader("Each instance")
        .setAutoWidth(true);
    grid.addColumn(w -> w.spec().pool()).setHeader("Pool").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(this::reservationBadge).setHeader("Reservation").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(w -> w.reason() == null ? "" : w.reason()).setHeader("Waiting because").setFlexGrow(1);
    // Frozen: scale and stop stay in view however wide the other columns make the grid.
    grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
    grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(w -> new TaskList(w, t -> logs.tail(actor(), tenant.slug(), w.id(), t.id(), 20))));
    grid.setDetailsVisibleOnClick(true);
    grid.setItems(shown);
    grid.setEmptyStateText("No workloads yet. Press Launch to run a container within this tenant's quota.");
  }

  /**
   * The reservation the workload runs in; in the last minutes before it ends, a warning that its
   * tasks are stopped then (the reconciler's warning, shown where the tasks are).
   */
  private Component reservationBadge(Workload w) {
    Reservation r = w.spec().reservation() == null ? null : reservationsById.get(w.spec().reservation());
    if (r == null) {
      return new Span();
    }
    boolean endingSoon = r.state() == ReservationState.ACTIVE && !r.end().isAfter(clock.instant().plus(ReservationTimes.WARNING));
    String end = DateTimeFormatter.ofPattern("HH:mm").withZone(zone).format(r.end());
    Span badge = endingSoon
        ? Cards.badge(r.name() + " ends " + end, "error")
        : Cards.badge(r.name() + (r.state().over() ? " · " + r.state() : ""), r.state().over() ? "contrast" : "");
    badge.addClassName(endingSoon ? "reservation-ending" : "reservation-of-workload");
    badge.getElement().setAttribute("title", endingSoon
        ? "Reservation " + r.name() + " ends at " + end + " (" + zone.getId() + "): the tasks still running in it are stopped then."
        : "Runs in reservation " + r.name() + " until " + end + " (" + zone.getId() + ")");
    return badge;
  }

  private Component actions(Workload workload) {
    String name = workload.spec().name();
    IntegerField instances = new IntegerField();
    instances.setValue(workload.spec().instances());
    instances.setMin(0);
    instances.setMax(1000);
    instances.setWidth("6rem");
    instances.setStepButtonsVisible(true);
    instances.setId("instances-" + name);
    Button scale = new Button("Scale", e -> {
      if (ServerErrors.run(() -> workloads.scale(actor(), tenant.slug(), workload.id(), instances.getValue()), Map.of("instances", instances), null)) {
        ServerErrors.success(name + " scaled to " + instances.getValue());
        refresh();
      }
    });
    scale.setId("scale-" + name);
    scale.addThemeVariants(ButtonVariant.LUMO_SMALL);
    Button stop = new Button("Stop", e -> confirmStop(workload));
    stop.setId("stop-" + name);
    stop.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
    HorizontalLayout actions = new HorizontalLayout(instances, scale, stop);
    actions.setAlignItems(FlexComponent.Alignment.CENTER);
    return actions;
  }

  private void confirmStop(Workload workload) {
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setHeader("Stop " + workload.spec().name() + "?");
    confirm.setText("Its " + running(workload) + " running tasks are killed and their capacity and quota given back.");
    confirm.setCancelable(true);
    confirm.setConfirmText("Stop");
    confirm.setConfirmButtonTheme("error primary");
    confirm.addConfirmListener(
        e -> {
          if (ServerErrors.run(() -> workloads.delete(actor(), tenant.slug(), workload.id()), Map.of(), null)) {
            ServerErrors.success(workload.spec().name() + " stopped");
          }
          refresh();
        });
    confirm.open();
  }

  private void openLaunch() {
    List<String> pools = fleet.availablePools();
    List<Reservation> active =
        reservations.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
            .filter(r -> r.state() == ReservationState.ACTIVE)
            .toList();
    new LaunchForm(
            quotas.get(actor(), tenant.slug()),
            pools,
            active,
            form ->
                ServerErrors.submit(
                    () -> workloads.create(actor(), tenant.slug(), form.spec()), form.fieldsByName(), "name",
                    form.spec().name() + " launched", this::refresh))
        .open();
  }

  private void refresh() {
    rows.clear();
    // A tenant's quota bounds its workloads; a page of the largest size holds them.
    rows.addAll(workloads.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
    reservationsById.clear();
    if (rows.stream().anyMatch(w -> w.spec().reservation() != null)) {
      reservations.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items().forEach(r -> reservationsById.put(r.id(), r));
    }
    shown.refreshAll();
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return user.caller().actor();
  }

  private static long running(Workload w) {
    return w.tasks().stream().filter(t -> t.state() == dev.atrium.cluster.workload.TaskState.RUNNING).count();
  }

  static Span stateBadge(String state, String className) {
    String theme =
        switch (state) {
          case "RUNNING", "FINISHED" -> "success";
          case "FAILED", "LOST", "KILLED" -> "error";
          case "PENDING" -> "contrast";
          default -> "";
        };
    Span badge = Cards.badge(state, theme);
    badge.addClassName(className);
    return badge;
  }
}
