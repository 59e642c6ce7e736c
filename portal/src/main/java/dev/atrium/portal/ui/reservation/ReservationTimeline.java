package dev.atrium.portal.ui.reservation;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.atrium.cluster.reservation.CapacityCheck;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationState;
import dev.atrium.cluster.pool.Amounts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reservations on a time line: one lane per reservation, a bar from its start to its end, coloured
 * by state, over a band per pool showing how much of its CPU is still free at each moment, with an
 * axis of days (or hours when zoomed in) in the person's time zone. Plain elements positioned in
 * percent, so it scales with the page and needs no chart script.
 */
public final class ReservationTimeline extends Div {

  /** {@code label}: what a bar says of its reservation (its name, or its tenant and name for the fleet). */
  public ReservationTimeline(
      List<Reservation> reservations, Function<Reservation, String> label, Map<String, List<CapacityCheck.Room>> roomByPool,
      Instant from, Duration span, ZoneId zone) {
    setId("reservation-timeline");
    addClassName("reservation-timeline");
    getStyle().set("position", "relative").set("width", "100%").set("font-size", "var(--lumo-font-size-s)");
    Instant to = from.plus(span);
    add(axis(from, span, zone));
    List<Reservation> shown =
        reservations.stream().filter(r -> r.end().isAfter(from) && r.start().isBefore(to) && r.state() != ReservationState.CANCELLED).toList();
    if (shown.isEmpty()) {
      Span empty = new Span("Nothing booked in this window. Press Book to keep capacity for a deadline.");
      empty.getStyle().set("color", "var(--lumo-secondary-text-color)").set("display", "block").set("padding", "var(--lumo-space-m) 0");
      add(empty);
    }
    for (Reservation r : shown) {
      add(lane(r, label.apply(r), from, span, zone));
    }
    roomByPool.forEach((pool, room) -> add(freeBand(pool, room, from, span, zone)));
  }

  /** The pool's free CPU as a step chart: a column per step, as tall as the share of the pool still free. */
  private static Div freeBand(String pool, List<CapacityCheck.Room> room, Instant from, Duration span, ZoneId zone) {
    Div band = new Div();
    band.setId("free-" + pool);
    band.addClassName("timeline-free");
    band.getStyle().set("position", "relative").set("height", "3em").set("margin-top", "var(--lumo-space-s)")
        .set("background", "var(--lumo-contrast-5pct)").set("border-radius", "var(--lumo-border-radius-s)");
    DateTimeFormatter time = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(zone);
    Instant to = from.plus(span);
    for (int i = 0; i < room.size(); i++) {
      CapacityCheck.Room step = room.get(i);
      Instant end = i + 1 < room.size() ? room.get(i + 1).at() : to;
      long capacity = Math.max(1, step.capacity().cpuMillis());
      double share = Math.min(1.0, (double) step.free().cpuMillis() / capacity);
      Div column = new Div();
      column.getStyle().set("position", "absolute").set("bottom", "0").set("left", percent(from, span, step.at()))
          .set("width", (100.0 * Duration.between(step.at(), end).toSeconds() / span.toSeconds()) + "%").set("height", (100 * share) + "%")
          .set("background", "var(--lumo-success-color-50pct)").set("box-sizing", "border-box");
      column.setTitle("From " + time.format(step.at()) + ": " + Amounts.cpu(step.free().cpuMillis()) + " of " + Amounts.cpu(step.capacity().cpuMillis())
          + " and " + Amounts.memory(step.free().memoryMiB()) + " of " + Amounts.memory(step.capacity().memoryMiB()) + " free on " + pool);
      band.add(column);
    }
    CapacityCheck.Room now = room.isEmpty() ? null : room.get(0);
    Span caption = new Span("Free on " + pool + (now == null ? "" : " · " + Amounts.cpu(now.free().cpuMillis()) + " of " + Amounts.cpu(now.capacity().cpuMillis()) + " now"));
    // On a plate of its own: readable over the band, whatever colour is under it.
    caption.getStyle().set("position", "absolute").set("left", "var(--lumo-space-xs)").set("top", "0.2em").set("color", "var(--lumo-body-text-color)")
        .set("background", "var(--lumo-base-color)").set("padding", "0 var(--lumo-space-xs)").set("border-radius", "var(--lumo-border-radius-s)")
        .set("font-size", "var(--lumo-font-size-xs)");
    band.add(caption);
    return band;
  }

  private static Div axis(Instant from, Duration span, ZoneId zone) {
    Div axis = new Div();
    axis.getStyle().set("position", "relative").set("height", "1.6em").set("border-bottom", "1px solid var(--lumo-contrast-20pct)");
    boolean hours = span.compareTo(Duration.ofDays(2)) <= 0;
    Duration step = hours ? Duration.ofHours(span.compareTo(Duration.ofHours(12)) <= 0 ? 1 : 3) : Duration.ofDays(1);
    DateTimeFormatter label = DateTimeFormatter.ofPattern(hours ? "HH:mm" : "EEE d").withZone(zone);
    Instant tick = hours ? from.atZone(zone).withMinute(0).withSecond(0).withNano(0).toInstant() : from.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    // No label in the first few percent, where it would run into the next one.
    Instant firstLabel = from.plus(span.dividedBy(25));
    for (; tick.isBefore(from.plus(span)); tick = tick.plus(step)) {
      if (tick.isBefore(firstLabel)) {
        continue;
      }
      Span mark = new Span(label.format(tick));
      // As wide as the step to the next tick at most: on a narrow screen a label is cut short, never
      // written over its neighbour.
      String width = (100.0 * step.toSeconds() / span.toSeconds()) + "%";
      mark.getStyle().set("position", "absolute").set("left", percent(from, span, tick)).set("color", "var(--lumo-secondary-text-color)")
          .set("border-left", "1px solid var(--lumo-contrast-20pct)").set("padding-left", "2px").set("white-space", "nowrap")
          .set("max-width", width).set("overflow", "hidden").set("box-sizing", "border-box").set("font-size", "var(--lumo-font-size-s)");
      mark.setTitle(DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone).format(tick));
      axis.add(mark);
    }
    return axis;
  }

  private static Div lane(Reservation r, String label, Instant from, Duration span, ZoneId zone) {
    Div lane = new Div();
    lane.getStyle().set("position", "relative").set("height", "2.2em").set("border-bottom", "1px dashed var(--lumo-contrast-10pct)");
    Instant start = r.start().isBefore(from) ? from : r.start();
    Instant end = r.end().isAfter(from.plus(span)) ? from.plus(span) : r.end();
    Div bar = new Div();
    bar.setId("timeline-" + r.name());
    bar.addClassName("timeline-bar");
    String colour =
        switch (r.state()) {
          case ACTIVE -> "var(--lumo-success-color)";
          case BOOKED -> "var(--lumo-primary-color)";
          default -> "var(--lumo-contrast-30pct)";
        };
    double width = Math.max(0.5, 100.0 * Duration.between(start, end).toSeconds() / span.toSeconds());
    bar.getStyle().set("position", "absolute").set("top", "0.3em").set("height", "1.6em").set("left", percent(from, span, start))
        .set("width", width + "%").set("background", colour).set("border-radius", "var(--lumo-border-radius-m)").set("color", "white")
        .set("overflow", "hidden").set("white-space", "nowrap").set("padding", "0 var(--lumo-space-xs)").set("box-sizing", "border-box");
    DateTimeFormatter time = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(zone);
    bar.setText(label + " · " + r.instances() + " × " + Amounts.cpu(r.resources().cpuMillis()));
    bar.setTitle(label + ": " + r.instances() + " × " + Amounts.cpu(r.resources().cpuMillis()) + ", " + Amounts.memory(r.resources().memoryMiB())
        + " on " + r.pool() + ", " + time.format(r.start()) + " – " + time.format(r.end()) + " (" + r.state() + ")");
    lane.add(bar);
    return lane;
  }

  private static String percent(Instant from, Duration span, Instant at) {
    return (100.0 * Duration.between(from, at).toSeconds() / span.toSeconds()) + "%";
  }
}
