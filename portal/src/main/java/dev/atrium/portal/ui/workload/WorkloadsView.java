package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.cluster.cron.CronRun;
import dev.atrium.cluster.cron.CronRuns;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.cluster.reservation.ReservationState;
import dev.atrium.cluster.reservation.ReservationTimes;
import dev.atrium.cluster.rollout.Rollouts;
import dev.atrium.cluster.rollout.VersionChange;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.TaskLogs;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.portal.ui.BrowserZone;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.ListHeader;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.KeyedRows;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.Narrow;
import dev.atrium.portal.ui.RowActions;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.TenantRoute;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.TenantAccess;
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
  // Keyed by workload id: a row refreshed with new tasks is the same row, its details stay open.
  private final KeyedRows<Workload> shown = new KeyedRows<>(Workload::id);
  private final List<Workload> rows = shown.rows();
  private final Map<UUID, Reservation> reservationsById = new HashMap<>();
  private final Map<UUID, CronRun> lastRuns = new HashMap<>();
  private Grid.Column<Workload> scheduleColumn;
  private Grid.Column<Workload> reservationColumn;
  /** The columns of a wide window; on a phone one column shows each workload as a card instead. */
  private final List<Grid.Column<Workload>> wideColumns = new ArrayList<>();
  private Grid.Column<Workload> cardColumn;
  private boolean narrow;
  private final CronRuns cronRuns;
  private final Rollouts rollouts;
  private final Clock clock;
  private ZoneId zone = ZoneId.of("UTC");
  private Tenant tenant;
  /** Why the person may not change this tenant's work (a tenant-viewer), if they may not. */
  private java.util.Optional<String> readOnly = java.util.Optional.empty();
  private String filter = "";

  WorkloadsView(
      WorkloadService workloads,
      TenantService tenants,
      QuotaService quotas,
      Fleet fleet,
      TaskLogs logs,
      ReservationService reservations,
      LiveUpdates updates,
      SignedInUser user,
      Clock clock,
      CronRuns cronRuns,
      Rollouts rollouts) {
    this.clock = clock;
    this.rollouts = rollouts;
    this.cronRuns = cronRuns;
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
    Narrow.follow(this, isNarrow -> {
      narrow = isNarrow;
      showColumns();
    });
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
    readOnly = user.refusal(tenant.slug(), TenantAccess.Need.OPERATE);
    filter = ""; // the view may be the same one, moved to another tenant: it starts unfiltered
    shown.clearFilters();
    removeAll();
    add(header());
    readOnly.ifPresent(why -> {
      Span note = new Span(why + " You see its work as it runs.");
      note.setId("read-only-note");
      note.getStyle().set("color", "var(--lumo-secondary-text-color)");
      add(note);
    });
    add(grid);
    refresh();
    BrowserZone.retrieve(event.getUI(), browser -> {
      zone = browser;
      shown.refreshAll();
    });
  }

  private Component header() {
    Button launch = new Button("Launch", VaadinIcon.PLAY.create(), e -> openLaunch());
    launch.setId("launch");
    return ListHeader.of("Workloads of " + tenant.displayName(), "Filter by name, image or state", this::filter, launch, readOnly);
  }

  /** Narrows the grid to the workloads whose name, image or state has {@code text}; says so when none has. */
  private void filter(String text) {
    filter = text;
    shown.setFilter(w -> text.isEmpty() || w.spec().name().contains(text) || w.spec().image().toLowerCase().contains(text)
        || w.state().toLowerCase().contains(text));
    grid.setEmptyStateText(text.isEmpty() ? emptyText() : "No workload matches “" + text + "”. Clear the filter to see all " + rows.size() + ".");
  }

  private String emptyText() {
    return readOnly.isPresent()
        ? "No workloads yet. A tenant-admin or tenant-member of this tenant can launch one."
        : "No workloads yet. Press Launch to run a container within this tenant's quota.";
  }

  private void configureGrid() {
    grid.setId("workloads-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    wideColumns.add(grid.addColumn(w -> w.spec().name()).setHeader("Name").setSortable(true).setAutoWidth(true));
    wideColumns.add(grid.addColumn(w -> w.spec().kind().name()).setHeader("Kind").setSortable(true).setAutoWidth(true));
    wideColumns.add(grid.addComponentColumn(this::state).setHeader("State").setComparator(Workload::state).setWidth("11rem").setFlexGrow(0));
    // A cron workload's runs may overlap: how many of its tasks run, not out of how many.
    wideColumns.add(grid.addColumn(WorkloadsView::runningText).setHeader("Running").setAutoWidth(true));
    wideColumns.add(grid.addColumn(w -> each(w)).setHeader("Each instance").setAutoWidth(true));
    wideColumns.add(grid.addColumn(w -> w.spec().pool()).setHeader("Pool").setSortable(true).setAutoWidth(true));
    scheduleColumn = grid.addComponentColumn(this::schedule).setHeader("Schedule").setAutoWidth(true).setFlexGrow(0);
    reservationColumn = grid.addComponentColumn(this::reservationBadge).setHeader("Reservation").setAutoWidth(true).setFlexGrow(0);
    wideColumns.add(grid.addColumn(w -> w.reason() == null ? "" : w.reason()).setHeader("Waiting because").setFlexGrow(1).setWidth("10rem")
        .setTooltipGenerator(w -> w.reason() == null ? "" : w.reason()));
    cardColumn = grid.addComponentColumn(this::card).setHeader("Workloads").setFlexGrow(1);
    cardColumn.setVisible(false);
    // Frozen: a row's actions stay in view however wide the other columns make the grid.
    grid.addComponentColumn(this::actions).setHeader("").setWidth("4.5rem").setFlexGrow(0).setFrozenToEnd(true);
    grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(this::details));
    grid.setDetailsVisibleOnClick(true);
    grid.setItems(shown);

  }

  /** On a phone: the workload as a card, its name, state, what it runs and why it waits. */
  private Component card(Workload w) {
    Span name = new Span(w.spec().name());
    name.getStyle().set("font-weight", "600");
    Span kind = new Span(" " + w.spec().kind().name());
    kind.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    com.vaadin.flow.component.html.Div head = new com.vaadin.flow.component.html.Div(name, kind);
    Span facts = new Span(runningText(w) + " running · " + each(w) + " · " + w.spec().pool());
    facts.getStyle().set("font-size", "var(--lumo-font-size-s)");
    com.vaadin.flow.component.html.Div card = new com.vaadin.flow.component.html.Div(head, state(w), facts);
    if (w.reason() != null) {
      Span reason = new Span(w.reason());
      reason.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
      card.add(reason);
    }
    card.addClassName("workload-card");
    card.getStyle().set("display", "flex").set("flex-direction", "column").set("align-items", "flex-start").set("gap", "var(--lumo-space-xs)").set("white-space", "normal")
        .set("padding", "var(--lumo-space-xs) 0");
    return card;
  }

  private static String runningText(Workload w) {
    return w.spec().kind() == WorkloadKind.CRON ? Long.toString(running(w)) : running(w) + " / " + w.spec().instances();
  }

  private static String each(Workload w) {
    return Amounts.cpu(w.spec().resources().cpuMillis()) + " · " + Amounts.memory(w.spec().resources().memoryMiB())
        + (w.spec().resources().gpus() > 0 ? " · " + w.spec().resources().gpus() + " GPU" : "");
  }

  /** The wide columns, or the cards on a phone; the schedule and reservation columns only when a workload has one. */
  private void showColumns() {
    wideColumns.forEach(c -> c.setVisible(!narrow));
    cardColumn.setVisible(narrow);
    scheduleColumn.setVisible(!narrow && rows.stream().anyMatch(w -> w.spec().kind() == WorkloadKind.CRON));
    reservationColumn.setVisible(!narrow && rows.stream().anyMatch(w -> w.spec().reservation() != null));
  }

  /** The workload's state; below it, while a service rolls a version out, how far it is. */
  private Component state(Workload w) {
    Span state = stateBadge(w.state(), "workload-state");
    if (w.spec().kind() != WorkloadKind.SERVICE || w.rollout().state() == RolloutState.COMPLETE) {
      return state;
    }
    com.vaadin.flow.component.html.Div both = new com.vaadin.flow.component.html.Div(state, RolloutPanel.summary(w));
    both.getStyle().set("display", "flex").set("flex-direction", "column").set("align-items", "flex-start").set("gap", "var(--lumo-space-xs)");
    return both;
  }

  /** A workload's tasks; a service's rollout above them once it has more than one version; a CRON workload's latest runs. */
  private Component details(Workload w) {
    TaskList tasks = new TaskList(w, zone, t -> logs.tail(actor(), tenant.slug(), w.id(), t.id(), 20));
    if (w.spec().kind() == WorkloadKind.SERVICE && (w.rollout().version() > 1 || w.rollout().previousVersion() != null)) {
      VerticalLayout both = new VerticalLayout(new RolloutPanel(w, readOnly.isPresent() ? null : rolloutActions()), tasks);
      both.setPadding(false);
      return both;
    }
    if (w.spec().kind() != WorkloadKind.CRON) {
      return tasks;
    }
    List<CronRun> latest;
    try {
      latest = cronRuns.list(actor(), tenant.slug(), w.id(), PageRequest.first(20)).items();
    } catch (NotFoundException stopped) { // stopped meanwhile: its row goes with the next refresh
      return tasks;
    }
    VerticalLayout both = new VerticalLayout(new RunHistory(latest, zone), tasks);
    both.setPadding(false);
    return both;
  }

  /** A CRON workload's schedule, its next run and how the last one went. */
  private Component schedule(Workload w) {
    if (w.spec().kind() != WorkloadKind.CRON) {
      return new Span();
    }
    Span expression = new Span(w.spec().cron().schedule());
    expression.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)").set("font-size", "var(--lumo-font-size-s)");
    String when = w.spec().cron().isSuspended() ? "suspended" : w.nextRuns().isEmpty() ? "no further runs"
        : "next " + DateTimeFormatter.ofPattern("EEE HH:mm").withZone(zone).format(w.nextRuns().get(0));
    Span next = new Span(when);
    next.addClassName("next-run");
    next.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    HorizontalLayout line = new HorizontalLayout(expression, next);
    line.setAlignItems(FlexComponent.Alignment.BASELINE);
    CronRun last = lastRuns.get(w.id());
    if (last != null) {
      Span badge = RunHistory.badge(last.state());
      badge.addClassName("last-run-state");
      badge.getElement().setAttribute("title", "The last run, due " + DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone).format(last.scheduledAt())
          + (last.reason() == null ? "" : ": " + last.reason()));
      line.add(badge);
    }
    return line;
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

  private RolloutPanel.Actions rolloutActions() {
    return new RolloutPanel.Actions() {
      @Override
      public void pause(Workload w, boolean paused) {
        VersionChange change = new VersionChange(null, null, null, null, null, null, paused);
        if (ServerErrors.run(() -> rollouts.change(actor(), tenant.slug(), w.id(), change), Map.of(), null)) {
          ServerErrors.success("The rollout of " + w.spec().name() + (paused ? " is paused: old and new tasks run side by side" : " goes on"));
          refresh();
        }
      }

      @Override
      public void rollback(Workload w) {
        if (ServerErrors.run(() -> rollouts.rollback(actor(), tenant.slug(), w.id()), Map.of(), null)) {
          ServerErrors.success(w.spec().name() + " is rolling back to version " + w.rollout().previousVersion());
          refresh();
        }
      }
    };
  }

  private void openUpdate(Workload workload) {
    new UpdateForm(workload, form -> ServerErrors.submit(
            () -> rollouts.change(actor(), tenant.slug(), workload.id(), form.change()), form.fieldsByName(), "image",
            workload.spec().kind() == WorkloadKind.SERVICE
                ? "A new version of " + workload.spec().name() + " is rolling out"
                : "The runs of " + workload.spec().name() + " to come run its new version",
            this::refresh))
        .open();
  }

  /** A row's actions, in a menu: update, run now and suspend (CRON), scale, stop. None for a tenant-viewer. */
  private Component actions(Workload workload) {
    if (readOnly.isPresent()) {
      return new Span();
    }
    String name = workload.spec().name();
    WorkloadKind kind = workload.spec().kind();
    RowActions actions = new RowActions("actions-" + name, "Actions for " + name);
    var items = actions.items();
    if (kind != WorkloadKind.JOB) {
      items.addItem("Update…", e -> openUpdate(workload)).setId("update-" + name);
    }
    if (kind == WorkloadKind.CRON) {
      items.addItem("Run now", e -> runNow(workload)).setId("run-" + name);
      boolean suspended = workload.spec().cron().isSuspended();
      items.addItem(suspended ? "Resume its schedule" : "Suspend its schedule", e -> suspend(workload, !suspended)).setId("suspend-" + name);
    }
    items.addItem("Scale…", e -> openScale(workload)).setId("scale-" + name);
    RowActions.destructive(items.addItem("Stop…", e -> confirmStop(workload))).setId("stop-" + name);
    // A click on an action is not a click on the row: it must not open or close the row's details.
    actions.menu().getElement().executeJs("this.addEventListener('click', e => e.stopPropagation())");
    return actions.menu();
  }

  private void runNow(Workload workload) {
    if (ServerErrors.run(() -> cronRuns.runNow(actor(), tenant.slug(), workload.id()), Map.of(), null)) {
      ServerErrors.success("A run of " + workload.spec().name() + " started");
      refresh();
    }
  }

  private void suspend(Workload workload, boolean suspend) {
    String name = workload.spec().name();
    if (ServerErrors.run(() -> cronRuns.change(actor(), tenant.slug(), workload.id(), null, suspend), Map.of(), null)) {
      ServerErrors.success(name + (suspend ? " suspended: no runs until it is resumed" : " resumed"));
      refresh();
    }
  }

  private void openScale(Workload workload) {
    new ScaleForm(workload, quotas.get(actor(), tenant.slug()), form -> ServerErrors.submit(
            () -> workloads.scale(actor(), tenant.slug(), workload.id(), form.instances.getValue()), form.fieldsByName(), "instances",
            workload.spec().name() + " scaled to " + form.instances.getValue(), this::refresh))
        .open();
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
    List<dev.atrium.cluster.pool.Pool> pools = fleet.pools();
    List<Reservation> active =
        reservations.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
            .filter(r -> r.state() == ReservationState.ACTIVE)
            .toList();
    new LaunchForm(
            quotas.get(actor(), tenant.slug()),
            pools,
            active,
            zone,
            clock,
            form ->
                ServerErrors.submit(
                    () -> workloads.create(actor(), tenant.slug(), form.spec()), form.fieldsByName(), "name",
                    form.spec().name() + " launched", this::refresh))
        .open();
  }

  private void refresh() {
    List<UUID> before = rows.stream().map(Workload::id).toList();
    rows.clear();
    // A tenant's quota bounds its workloads; a page of the largest size holds them.
    rows.addAll(workloads.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
    lastRuns.clear();
    lastRuns.putAll(cronRuns.latest(actor(), tenant.slug(),
        rows.stream().filter(w -> w.spec().kind() == WorkloadKind.CRON).map(Workload::id).toList()));
    showColumns();
    reservationsById.clear();
    if (rows.stream().anyMatch(w -> w.spec().reservation() != null)) {
      reservations.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items().forEach(r -> reservationsById.put(r.id(), r));
    }
    filter(filter); // the empty state follows the rows
    shown.refreshAll();
    if (!rows.stream().map(Workload::id).toList().equals(before)) {
      grid.recalculateColumnWidths(); // a new name may be longer than those the widths were fitted to
    }
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
