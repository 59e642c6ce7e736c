package dev.atrium.portal.ui.reservation;

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
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reservation.CapacityCheck;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.cluster.reservation.ReservationState;
import dev.atrium.portal.ui.BrowserZone;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.ListHeader;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.TenantRoute;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's advance reservations: a time line of what is booked, a grid with each one's state
 * changing live (BOOKED, ACTIVE at its start, ENDED at its end), booking with an availability check
 * as one types, and cancelling after a confirmation. Times are shown in the browser's time zone.
 */
@Route(value = "tenants/:slug/reservations", layout = MainLayout.class)
@PageTitle("Reservations · Atrium")
@PermitAll
public class ReservationsView extends VerticalLayout implements BeforeEnterObserver {

  /** How far the time line looks ahead, by the name the zoom offers. */
  enum Zoom {
    TWO_WEEKS("14 days", Duration.ofDays(14)),
    TWO_DAYS("2 days", Duration.ofDays(2)),
    TWELVE_HOURS("12 hours", Duration.ofHours(12));

    final String label;
    final Duration span;

    Zoom(String label, Duration span) {
      this.label = label;
      this.span = span;
    }
  }

  private final ReservationService reservations;
  private final TenantService tenants;
  private final Fleet fleet;
  private final SignedInUser user;
  private final Clock clock;
  private final Grid<Reservation> grid = new Grid<>();
  private final List<Reservation> rows = new ArrayList<>();
  private final ListDataProvider<Reservation> shown = new ListDataProvider<>(rows);
  private final VerticalLayout timeline = new VerticalLayout();
  private final Select<Zoom> zoom = new Select<>();
  private final Span zoneNote = new Span();
  private ZoneId zone = ZoneId.of("UTC");
  private boolean zoomChosen;
  private Tenant tenant;
  /** Why the person may not book or cancel (a tenant-viewer), if they may not. */
  private java.util.Optional<String> readOnly = java.util.Optional.empty();
  private String emptyText = "";

  ReservationsView(ReservationService reservations, TenantService tenants, Fleet fleet, LiveUpdates updates, SignedInUser user, Clock clock) {
    this.reservations = reservations;
    this.tenants = tenants;
    this.fleet = fleet;
    this.user = user;
    this.clock = clock;
    setSizeFull();
    timeline.setPadding(false);
    zoom.setItems(Zoom.values());
    zoom.setItemLabelGenerator(z -> z.label);
    zoom.setValue(Zoom.TWO_WEEKS);
    zoom.setId("timeline-zoom");
    zoom.addValueChangeListener(e -> {
      zoomChosen |= e.isFromClient();
      drawTimeline();
    });
    configureGrid();
    updates.whileAttached(this, LiveUpdates.Topic.RESERVATIONS, () -> tenant == null ? null : tenant.id(), this::refresh);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    // Kept for refreshes pushed from other threads.
    tenant = TenantRoute.enter(event, tenants, actor()).orElse(null);
    if (tenant == null) {
      return;
    }
    readOnly = user.refusal(tenant.slug(), dev.atrium.tenancy.access.TenantAccess.Need.OPERATE);
    shown.clearFilters(); // the view may be the same one, moved to another tenant
    emptyText = readOnly.isPresent()
        ? "No reservations yet. A tenant-admin or tenant-member of this tenant can book capacity ahead."
        : "No reservations yet. Press Book to keep capacity for a window ahead, guaranteed when it starts.";
    grid.setEmptyStateText(emptyText);
    removeAll();
    com.vaadin.flow.component.html.Div card = Cards.card(timelineHeader(), timeline);
    card.setWidthFull();
    card.getStyle().set("box-sizing", "border-box");
    add(header(), card, grid);
    refresh();
    BrowserZone.retrieve(event.getUI(), browser -> {
      zone = browser;
      refresh();
    });
  }

  private Component header() {
    Button book = new Button("Book", VaadinIcon.CALENDAR_CLOCK.create(), e -> openBooking());
    book.setId("book");
    return ListHeader.of("Reservations of " + tenant.displayName(), "Filter by name, pool or state",
        text -> {
          shown.setFilter(r -> text.isEmpty() || r.name().contains(text) || r.pool().contains(text) || r.state().name().toLowerCase().contains(text));
          grid.setEmptyStateText(text.isEmpty() ? emptyText : "No reservation matches “" + text + "”. Clear the filter to see them all.");
        },
        book, readOnly);
  }

  private Component timelineHeader() {
    Span title = new Span("Booked capacity ahead");
    title.getStyle().set("font-weight", "600");
    zoneNote.setId("timeline-zone");
    zoneNote.getStyle().set("color", "var(--lumo-secondary-text-color)");
    HorizontalLayout bar = new HorizontalLayout(title, zoneNote, zoom);
    bar.setWidthFull();
    bar.getStyle().set("flex-wrap", "wrap");
    bar.setAlignItems(FlexComponent.Alignment.BASELINE);
    bar.expand(zoneNote);
    return bar;
  }

  private void configureGrid() {
    grid.setId("reservations-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(Reservation::name).setHeader("Name").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(r -> stateBadge(r.state())).setHeader("State").setComparator(r -> r.state().name()).setWidth("9rem").setFlexGrow(0);
    grid.addColumn(r -> r.instances() + " × " + Amounts.cpu(r.resources().cpuMillis()) + " · " + Amounts.memory(r.resources().memoryMiB())
            + (r.resources().gpus() > 0 ? " · " + r.resources().gpus() + " GPU" : ""))
        .setHeader("Capacity")
        .setAutoWidth(true);
    grid.addColumn(Reservation::pool).setHeader("Pool").setSortable(true).setAutoWidth(true);
    grid.addColumn(r -> time().format(r.start())).setHeader("Start").setComparator(Reservation::start).setAutoWidth(true);
    grid.addColumn(r -> time().format(r.end())).setHeader("End").setComparator(Reservation::end).setAutoWidth(true);
    grid.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader("Note").setFlexGrow(1);
    grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
    grid.setItems(shown);
  }

  private Component actions(Reservation r) {
    if (r.state().over() || readOnly.isPresent()) {
      return new Span();
    }
    Button cancel = new Button("Cancel", e -> confirmCancel(r));
    cancel.setId("cancel-" + r.name());
    cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
    return cancel;
  }

  private void confirmCancel(Reservation r) {
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setHeader("Cancel " + r.name() + "?");
    confirm.setText(
        r.state() == ReservationState.ACTIVE
            ? "It is ACTIVE: the tasks running in it are stopped, and its capacity is given back at once."
            : "Its capacity is given back to the pool at once.");
    confirm.setCancelable(true);
    confirm.setConfirmText("Cancel reservation");
    confirm.setCancelText("Keep it");
    confirm.setConfirmButtonTheme("error primary");
    confirm.addConfirmListener(e -> {
      if (ServerErrors.run(() -> reservations.cancel(actor(), tenant.slug(), r.id()), Map.of(), null)) {
        ServerErrors.success(r.name() + " cancelled");
      }
      refresh();
    });
    confirm.open();
  }

  private void openBooking() {
    List<String> pools = fleet.availablePools();
    new BookingForm(
            pools,
            zone,
            (pool, each, instances, length, from) ->
                reservations.availability(actor(), tenant.slug(), pool, Map.of(), each, instances, length, from, from.plus(Duration.ofDays(90))),
            form ->
                ServerErrors.submit(
                    () -> reservations.book(actor(), tenant.slug(), form.request()), form.fieldsByName(), "name",
                    form.request().name() + " booked for " + form.window(), this::refresh))
        .open();
  }

  private void refresh() {
    rows.clear();
    rows.addAll(reservations.list(actor(), tenant.slug(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
    shown.refreshAll();
    if (!zoomChosen && zoom.getValue() != fitting()) {
      zoom.setValue(fitting()); // which draws the time line
      return;
    }
    drawTimeline();
  }

  /** The closest zoom that still shows every reservation not over, until the person picks one. */
  private Zoom fitting() {
    Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS);
    Instant last = rows.stream().filter(r -> !r.state().over()).map(Reservation::end).max(Instant::compareTo).orElse(null);
    if (last == null) {
      return Zoom.TWO_WEEKS;
    }
    Zoom closest = Zoom.TWO_WEEKS;
    for (Zoom z : Zoom.values()) {
      if (!last.isAfter(from.plus(z.span))) {
        closest = z; // the values run from the widest to the closest
      }
    }
    return closest;
  }

  private void drawTimeline() {
    timeline.removeAll();
    Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS);
    Duration span = zoom.getValue().span;
    Map<String, List<CapacityCheck.Room>> room = new TreeMap<>();
    for (String pool : poolsShown(from, span)) {
      // From now: what was free earlier this hour is no use to anyone.
      room.put(pool, reservations.roomOverTime(actor(), tenant.slug(), pool, clock.instant(), from.plus(span)));
    }
    timeline.add(new ReservationTimeline(rows, Reservation::name, room, from, span, zone));
    zoneNote.setText("times in " + zone.getId());
  }

  /** The pools the tenant has booked in over the window, or every pool when it has booked nothing there yet. */
  private List<String> poolsShown(Instant from, Duration span) {
    List<String> booked = rows.stream()
        .filter(r -> !r.state().over() && r.end().isAfter(from) && r.start().isBefore(from.plus(span)))
        .map(Reservation::pool).distinct().toList();
    return booked.isEmpty() ? fleet.availablePools() : booked;
  }

  private DateTimeFormatter time() {
    return DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone);
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return user.caller().actor();
  }

  public static Span stateBadge(ReservationState state) {
    String theme =
        switch (state) {
          case ACTIVE -> "success";
          case BOOKED -> "";
          case ENDED, CANCELLED -> "contrast";
        };
    Span badge = Cards.badge(state.name(), theme);
    badge.addClassName("reservation-state");
    return badge;
  }
}
