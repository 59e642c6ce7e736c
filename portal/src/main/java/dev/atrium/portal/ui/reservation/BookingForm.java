package dev.atrium.portal.ui.reservation;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.NewReservation;
import dev.atrium.tenancy.access.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Booking capacity for a window. As the person types, it asks whether the window fits the tenant's
 * quota and the pool; when it does not, it offers the earliest window of the same length that does.
 * Times are entered and shown in the person's time zone, which it names.
 */
class BookingForm extends Dialog {

  /** The start the form opened with: left as it is, it means now. */
  private LocalDateTime fromNow;

  /** Asks for the first windows in which a booking fits: (pool, each, instances, length, from) → starts. */
  interface Availability {
    List<Instant> starts(String pool, Resources each, int instances, Duration length, Instant from);
  }

  final TextField name = new TextField("Name");
  final Select<String> pool = new Select<>();
  final IntegerField cpuMillis = number("CPU per instance (millicores)", 1000);
  final IntegerField memoryMiB = number("Memory per instance (MiB)", 1024);
  final IntegerField gpus = number("GPUs per instance", 0);
  final IntegerField instances = number("Instances", 1);
  final DateTimePicker start = new DateTimePicker("Start");
  final DateTimePicker end = new DateTimePicker("End");
  private final Div fit = new Div();
  private final ZoneId zone;
  private final Availability availability;

  BookingForm(List<String> pools, ZoneId zone, Availability availability, Predicate<BookingForm> onBook) {
    this.zone = zone;
    this.availability = availability;
    setHeaderTitle("Book capacity");
    setId("booking-form");
    name.setId("booking-name");
    name.setHelperText("lowercase letters, digits and dashes");
    pool.setLabel("Pool");
    pool.setItems(pools);
    pool.setValue(pools.contains("sim") ? "sim" : pools.isEmpty() ? null : pools.get(0));
    pool.setId("booking-pool");
    cpuMillis.setId("booking-cpu");
    memoryMiB.setId("booking-memory");
    instances.setId("booking-instances");
    // The next hour from now, the window most bookings ask for first.
    LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
    fromNow = now;
    start.setValue(now);
    end.setValue(now.plusHours(1));
    start.setId("booking-start");
    end.setId("booking-end");
    start.setHelperText("in " + zone.getId());
    end.setHelperText("in " + zone.getId());
    fit.setId("booking-fit");
    fit.getStyle().set("min-height", "2.5em");
    for (var field : List.of(cpuMillis, memoryMiB, gpus, instances)) {
      field.addValueChangeListener(e -> check());
    }
    start.addValueChangeListener(e -> check());
    end.addValueChangeListener(e -> check());
    pool.addValueChangeListener(e -> check());
    FormLayout form = new FormLayout(name, pool, cpuMillis, memoryMiB, gpus, instances, start, end);
    add(form, fit);
    Button book = new Button("Book", e -> {
      if (onBook.test(this)) {
        close();
      }
    });
    book.setId("booking-submit");
    book.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), book);
    check();
  }

  /** The window asked for, as the person reads it: what a booking's confirmation repeats. */
  String window() {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone);
    Instant from = startInstant();
    Instant to = instant(end);
    return from == null || to == null ? "" : time.format(from) + " – " + time.format(to) + " (" + zone.getId() + ")";
  }

  NewReservation request() {
    return new NewReservation(
        name.getValue().trim(),
        pool.getValue(),
        new Resources(value(cpuMillis), value(memoryMiB), value(gpus)),
        instances.getValue(),
        startInstant(),
        instant(end),
        Map.of());
  }

  Map<String, HasValidation> fieldsByName() {
    return Map.of(
        "name", name,
        "pool", pool,
        "resources.cpuMillis", cpuMillis,
        "cpuMillis", cpuMillis,
        "resources.memoryMiB", memoryMiB,
        "memoryMiB", memoryMiB,
        "gpus", gpus,
        "instances", instances,
        "start", start,
        "end", end);
  }

  /** Whether the window asked for fits now; if not, the earliest one of the same length that does. */
  private void check() {
    fit.removeAll();
    Instant from = startInstant();
    Instant to = instant(end);
    end.setInvalid(false);
    start.setInvalid(false);
    if (from != null && to != null && !to.isAfter(from)) {
      end.setErrorMessage("Must be after the start");
      end.setInvalid(true);
      fit.add(note("✗ The end must be after the start.", "var(--lumo-error-text-color)"));
      return;
    }
    if (from == null || to == null || cpuMillis.getValue() == null || memoryMiB.getValue() == null
        || instances.getValue() == null || pool.getValue() == null) {
      return;
    }
    Duration length = Duration.between(from, to);
    List<Instant> starts;
    try {
      starts = availability.starts(pool.getValue(), new Resources(value(cpuMillis), value(memoryMiB), value(gpus)), instances.getValue(), length, from);
    } catch (ValidationException e) {
      // The availability question's own names (from, to, duration) are the form's Start and End.
      ValidationException.FieldError first = e.errors().get(0);
      String label = switch (first.field()) {
        case "from" -> "Start";
        case "to", "duration" -> "End";
        default -> first.field();
      };
      if (label.equals("Start")) {
        start.setErrorMessage(first.message());
        start.setInvalid(true);
      }
      fit.add(note("✗ " + label + " " + first.message() + (label.equals("Start") ? ": pick a later start." : "."), "var(--lumo-error-text-color)"));
      return;
    }
    if (!starts.isEmpty() && starts.get(0).equals(from)) {
      fit.add(note("✓ Fits: the quota and the pool have room for the whole window.", "var(--lumo-success-text-color)"));
    } else if (starts.isEmpty()) {
      fit.add(note("✗ No window of this length fits within 90 days of the start; ask for fewer or smaller instances.", "var(--lumo-error-text-color)"));
    } else {
      DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE d MMM HH:mm").withZone(zone);
      Instant earliest = starts.get(0);
      Button use = new Button("Use " + time.format(earliest) + " – " + time.format(earliest.plus(length)), e -> {
        start.setValue(LocalDateTime.ofInstant(earliest, zone));
        end.setValue(LocalDateTime.ofInstant(earliest.plus(length), zone));
      });
      use.setId("booking-use-earliest");
      use.addThemeVariants(ButtonVariant.LUMO_SMALL);
      Span text = note("✗ Not free then. The earliest window of the same length that fits: ", "var(--lumo-error-text-color)");
      fit.add(text, use);
    }
  }

  /**
   * The start asked for. Left at the time the form opened, it means "now": however long the person
   * takes to fill the form in, it is never a start in the past.
   */
  private Instant startInstant() {
    Instant asked = instant(start);
    if (asked != null && start.getValue().equals(fromNow)) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      return asked.isBefore(now) ? now : asked;
    }
    return asked;
  }

  private Instant instant(DateTimePicker picker) {
    return picker.getValue() == null ? null : picker.getValue().atZone(zone).toInstant();
  }

  private static Span note(String text, String colour) {
    Span span = new Span(text);
    span.getStyle().set("color", colour);
    return span;
  }

  private static long value(IntegerField field) {
    return field.getValue() == null ? 0 : field.getValue();
  }

  private static IntegerField number(String label, int value) {
    IntegerField field = new IntegerField(label);
    field.setValue(value);
    field.setMin(0);
    field.setStepButtonsVisible(true);
    // Checked as the person types (a pause of 400 ms), not on leaving the field nor on every keystroke.
    field.setValueChangeMode(ValueChangeMode.LAZY);
    return field;
  }
}
