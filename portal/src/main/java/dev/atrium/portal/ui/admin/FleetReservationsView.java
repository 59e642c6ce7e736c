package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reservation.CapacityCheck;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.BrowserZone;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.portal.ui.reservation.ReservationTimeline;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Platform admins: every tenant's reservations over the next 14 days, on one time line and in a grid,
 * changing live as they are booked, start, end or are cancelled.
 */
@Route(value = "admin/reservations", layout = MainLayout.class)
@PageTitle("Fleet reservations · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class FleetReservationsView extends VerticalLayout {

  private static final Duration AHEAD = Duration.ofDays(14);

  private final ReservationService reservations;
  private final Fleet fleet;
  private final SignedInUser user;
  private final Clock clock;
  private final Div timeline = new Div();
  private final Grid<Reservation.OfTenant> grid = new Grid<>();
  private ZoneId zone = ZoneId.of("UTC");

  FleetReservationsView(ReservationService reservations, Fleet fleet, SignedInUser user, LiveUpdates updates, Clock clock) {
    this.reservations = reservations;
    this.fleet = fleet;
    this.user = user;
    this.clock = clock;
    setSizeFull();
    timeline.setWidthFull();
    Div card = Cards.card(timeline);
    card.setWidthFull();
    card.getStyle().set("box-sizing", "border-box");
    configureGrid();
    add(new H2("Reservations on the fleet"), card, grid);
    updates.whileAttached(this, LiveUpdates.Topic.FLEET, () -> null, this::refresh);
    addAttachListener(attach -> BrowserZone.retrieve(attach.getUI(), browser -> {
      zone = browser;
      refresh();
    }));
    refresh();
  }

  private void configureGrid() {
    grid.setId("fleet-reservations-grid");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(Reservation.OfTenant::tenant).setHeader("Tenant").setSortable(true).setAutoWidth(true);
    grid.addColumn(o -> o.reservation().name()).setHeader("Name").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(o -> dev.atrium.portal.ui.reservation.ReservationsView.stateBadge(o.reservation().state()))
        .setHeader("State").setComparator(o -> o.reservation().state().name()).setWidth("9rem").setFlexGrow(0);
    grid.addColumn(o -> o.reservation().instances() + " × " + Amounts.cpu(o.reservation().resources().cpuMillis()) + " · "
            + Amounts.memory(o.reservation().resources().memoryMiB()))
        .setHeader("Capacity").setAutoWidth(true);
    grid.addColumn(o -> o.reservation().pool()).setHeader("Pool").setSortable(true).setAutoWidth(true);
    grid.addColumn(o -> time().format(o.reservation().start())).setHeader("Start").setComparator(o -> o.reservation().start()).setAutoWidth(true);
    grid.addColumn(o -> time().format(o.reservation().end())).setHeader("End").setComparator(o -> o.reservation().end()).setAutoWidth(true);
    grid.setEmptyStateText("No tenant has booked capacity for the next 14 days.");
  }

  private void refresh() {
    Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS);
    List<Reservation.OfTenant> all = reservations.all(user.caller().actor(), from, from.plus(AHEAD));
    grid.setItems(all);
    Map<java.util.UUID, String> tenantOf = new HashMap<>();
    all.forEach(o -> tenantOf.put(o.reservation().id(), o.tenant()));
    timeline.removeAll();
    Map<String, List<CapacityCheck.Room>> room = new TreeMap<>();
    for (String pool : fleet.availablePools()) {
      room.put(pool, reservations.roomOverTime(user.caller().actor(), pool, clock.instant(), from.plus(AHEAD)));
    }
    timeline.add(new ReservationTimeline(all.stream().map(Reservation.OfTenant::reservation).toList(),
        r -> tenantOf.get(r.id()) + " · " + r.name(), room, from, AHEAD, zone));
  }

  private DateTimeFormatter time() {
    return DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone);
  }
}
