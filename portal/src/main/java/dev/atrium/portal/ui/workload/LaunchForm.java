package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.schedule.CronSchedule;
import dev.atrium.cluster.workload.ConcurrencyPolicy;
import dev.atrium.cluster.workload.CronSpec;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.portal.ui.Quantities;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaUsage;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Launching a workload. Shows what is left of the tenant's quota and checks the request against it
 * as the person types, so that a launch the server would refuse is caught before it is sent; what
 * the server still refuses appears on the field it is about.
 */
class LaunchForm extends Dialog {

  final TextField name = new TextField("Name");
  final Select<WorkloadKind> kind = new Select<>();
  final TextField image = new TextField("Image");
  final TextField command = new TextField("Command (run with sh -c)");
  final IntegerField cpuMillis = number("CPU per instance (millicores)", 500);
  final IntegerField memoryMiB = number("Memory per instance (MiB)", 256);
  final IntegerField gpus = number("GPUs per instance", 0);
  final IntegerField instances = number("Instances", 1);
  final Select<String> pool = new Select<>();
  final Select<Reservation> reservation = new Select<>();
  final IntegerField duration = number("Runs for (seconds, on a simulated pool)", 0);
  final TextField schedule = new TextField("Schedule (cron)");
  final ComboBox<String> timeZone = new ComboBox<>("Time zone");
  final Select<ConcurrencyPolicy> policy = new Select<>();
  final IntegerField deadline = number("Starting deadline (seconds)", CronSpec.DEFAULT_DEADLINE_SECONDS);
  final Span nextRuns = new Span();
  final TextField healthCheck = new TextField("Health check (run with sh -c; optional)");
  final IntegerField port = new IntegerField("HTTP port (optional)");
  private final Quota left;

  private final Clock clock;

  LaunchForm(QuotaUsage quota, List<String> pools, List<Reservation> active, ZoneId browserZone, Clock clock, Predicate<LaunchForm> onLaunch) {
    this.clock = clock;
    Quota limit = quota.quota();
    Quota used = quota.usage();
    this.left =
        new Quota(
            limit.cpuMillis() - used.cpuMillis(),
            limit.memoryMiB() - used.memoryMiB(),
            limit.gpus() - used.gpus(),
            limit.workloads() - used.workloads());
    setHeaderTitle("Launch a workload");
    setId("launch-form");
    name.setId("launch-name");
    name.setHelperText("lowercase letters, digits and dashes");
    kind.setLabel("Kind");
    kind.setItems(WorkloadKind.SERVICE, WorkloadKind.JOB, WorkloadKind.CRON);
    kind.setValue(WorkloadKind.SERVICE);
    kind.setId("launch-kind");
    configureCron(browserZone);
    kind.addValueChangeListener(e -> showKind());
    image.setValue("localhost/busybox:latest");
    image.setId("launch-image");
    command.setId("launch-command");
    command.setValue(SERVICE_COMMAND);
    pool.setLabel("Pool");
    pool.setItems(pools);
    pool.setValue(pools.contains("local") ? "local" : pools.isEmpty() ? null : pools.get(0));
    pool.setId("launch-pool");
    reservation.setLabel("Run in reservation");
    reservation.setId("launch-reservation");
    reservation.setItems(active);
    reservation.setEmptySelectionAllowed(true);
    reservation.setEmptySelectionCaption("No: draw on the quota");
    reservation.setItemLabelGenerator(r -> r == null ? "No: draw on the quota"
        : r.name() + " (" + r.instances() + " × " + Quantities.cpu(r.resources().cpuMillis()) + " on " + r.pool() + ")");
    reservation.setHelperText(active.isEmpty() ? "The tenant has no ACTIVE reservation" : "its slots and capacity, not the quota");
    reservation.addValueChangeListener(e -> {
      if (e.getValue() != null) {
        pool.setValue(e.getValue().pool());
      }
      checkQuota();
    });
    instances.setId("launch-instances");
    cpuMillis.setId("launch-cpu");
    memoryMiB.setId("launch-memory");
    for (IntegerField field : List.of(cpuMillis, memoryMiB, gpus, instances)) {
      field.addValueChangeListener(e -> checkQuota());
    }
    Paragraph quotaLeft =
        new Paragraph(
            "Quota left: " + Quantities.cpu(left.cpuMillis()) + " · " + Quantities.memory(left.memoryMiB()) + " · "
                + left.gpus() + " GPU · " + left.workloads() + " workloads");
    quotaLeft.setId("launch-quota-left");
    quotaLeft.getStyle().set("color", "var(--lumo-secondary-text-color)");
    FormLayout form = new FormLayout(
        name, kind, schedule, timeZone, nextRuns, policy, deadline, image, command, healthCheck, port, cpuMillis, memoryMiB, gpus, instances, pool, reservation,
        duration);
    form.setColspan(command, 2);
    form.setColspan(healthCheck, 2);
    form.setColspan(nextRuns, 2);
    showKind();
    add(quotaLeft, form);
    Button launch = new Button("Launch", e -> {
      if (checkQuota() && onLaunch.test(this)) {
        close();
      }
    });
    launch.setId("launch-submit");
    launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), launch);
    checkQuota();
  }

  WorkloadSpec spec() {
    String text = command.getValue().trim();
    return new WorkloadSpec(
        name.getValue().trim(),
        kind.getValue(),
        image.getValue().trim(),
        text.isEmpty() ? List.of() : List.of("sh", "-c", text),
        Map.of(),
        new Resources(value(cpuMillis), value(memoryMiB), value(gpus)),
        instances.getValue(),
        pool.getValue(),
        Map.of(),
        kind.getValue() == WorkloadKind.SERVICE || value(duration) == 0 ? null : (int) value(duration),
        reservation.getValue() == null ? null : reservation.getValue().id(),
        kind.getValue() != WorkloadKind.CRON
            ? null
            : new CronSpec(schedule.getValue().trim(), timeZone.getValue(), policy.getValue(), deadline.getValue(), false),
        kind.getValue() != WorkloadKind.SERVICE || healthCheck.getValue().isBlank()
            ? null
            : new HealthCheck(List.of("sh", "-c", healthCheck.getValue().trim()), null, null, null, null, null),
        null,
        kind.getValue() != WorkloadKind.SERVICE || port.getValue() == null ? List.of() : List.of(new Port("http", port.getValue())),
        null);
  }

  private void configureCron(ZoneId browserZone) {
    schedule.setId("launch-schedule");
    schedule.setPlaceholder("30 2 * * *");
    schedule.setHelperText("minute hour day-of-month month day-of-week, or @hourly @daily @weekly @monthly @yearly");
    schedule.setValueChangeMode(ValueChangeMode.EAGER);
    schedule.addValueChangeListener(e -> previewRuns());
    timeZone.setId("launch-zone");
    timeZone.setItems(ZoneId.getAvailableZoneIds().stream().sorted().toList());
    timeZone.setValue(browserZone.getId());
    timeZone.addValueChangeListener(e -> previewRuns());
    policy.setLabel("When a run is due while the last one runs");
    policy.setId("launch-policy");
    policy.setItems(ConcurrencyPolicy.values());
    policy.setItemLabelGenerator(p -> switch (p) {
      case ALLOW -> "ALLOW: run both";
      case FORBID -> "FORBID: skip the new run";
      case REPLACE -> "REPLACE: stop the last run";
    });
    policy.setValue(ConcurrencyPolicy.ALLOW);
    deadline.setId("launch-deadline");
    deadline.setHelperText("a run that cannot start by then is MISSED, never started late");
    port.setId("launch-port");
    port.setHelperText("the port the container listens on: each task gets an endpoint to it");
    port.setMin(1);
    port.setMax(65535);
    healthCheck.setId("launch-health");
    healthCheck.setPlaceholder("wget -q -O /dev/null http://127.0.0.1:8080/");
    healthCheck.setHelperText("RUNNING once it exits 0; replaced after 3 failures in a row (every 10 s, after 30 s of grace)");
    duration.setId("launch-duration");
    duration.setHelperText("0: until the command ends");
    nextRuns.setId("launch-next-runs");
    nextRuns.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
  }

  private static final String SERVICE_COMMAND = "httpd -f -p 8080";
  private static final String JOB_COMMAND = "echo hello from Atrium";

  /** Shows the fields of the chosen kind: a schedule for CRON, a run time for what ends. */
  private void showKind() {
    // The example command follows the kind, unless the person wrote their own: a job's must end.
    if (kind.getValue() == WorkloadKind.SERVICE && command.getValue().equals(JOB_COMMAND)) {
      command.setValue(SERVICE_COMMAND);
    } else if (kind.getValue() != WorkloadKind.SERVICE && command.getValue().equals(SERVICE_COMMAND)) {
      command.setValue(JOB_COMMAND);
    }
    boolean cron = kind.getValue() == WorkloadKind.CRON;
    for (var field : List.of(schedule, timeZone, nextRuns, policy, deadline)) {
      field.setVisible(cron);
    }
    duration.setVisible(kind.getValue() != WorkloadKind.SERVICE);
    healthCheck.setVisible(kind.getValue() == WorkloadKind.SERVICE);
    port.setVisible(kind.getValue() == WorkloadKind.SERVICE);
    reservation.setVisible(!cron);
    previewRuns();
  }

  /** The next five runs of the schedule as typed, in the chosen zone, or what is wrong with it. */
  private void previewRuns() {
    if (kind.getValue() != WorkloadKind.CRON) {
      return;
    }
    if (schedule.getValue().isBlank()) {
      nextRuns.setText("Type a schedule to see its next runs.");
      schedule.setInvalid(false);
      timeZone.setInvalid(false);
      return;
    }
    try {
      CronSchedule parsed = CronSchedule.of(schedule.getValue(), timeZone.getValue());
      DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");
      nextRuns.setText("Next runs (" + parsed.zone().getId() + "): "
          + String.join(" · ", parsed.next(clock.instant(), 5).stream().map(time::format).toList()));
      schedule.setInvalid(false);
      timeZone.setInvalid(false);
    } catch (CronSchedule.Invalid e) {
      nextRuns.setText("");
      HasValidation field = e.field().equals("timeZone") ? timeZone : schedule;
      field.setErrorMessage(e.getMessage());
      field.setInvalid(true);
    }
  }

  /** Form fields by the names the services use, including quota resources. */
  Map<String, HasValidation> fieldsByName() {
    return Map.ofEntries(
        Map.entry("name", name),
        Map.entry("image", image),
        Map.entry("command", command),
        Map.entry("resources.cpuMillis", cpuMillis),
        Map.entry("cpuMillis", cpuMillis),
        Map.entry("resources.memoryMiB", memoryMiB),
        Map.entry("memoryMiB", memoryMiB),
        Map.entry("gpus", gpus),
        Map.entry("instances", instances),
        Map.entry("pool", pool),
        Map.entry("schedule", schedule),
        Map.entry("timeZone", timeZone),
        Map.entry("startingDeadlineSeconds", deadline),
        Map.entry("durationSeconds", duration),
        Map.entry("healthCheck", healthCheck),
        Map.entry("healthCheck.command", healthCheck),
        Map.entry("ports[0].containerPort", port),
        Map.entry("resources", cpuMillis));
  }

  /** Marks the field that would take the tenant past its quota; true when the request fits. */
  private boolean checkQuota() {
    int n = instances.getValue() == null ? 0 : instances.getValue();
    if (reservation.getValue() != null) { // it draws on the reservation; the server counts its slots
      n = 0;
    }
    boolean ok = fits(cpuMillis, value(cpuMillis) * n, left.cpuMillis(), "mCPU");
    ok &= fits(memoryMiB, value(memoryMiB) * n, left.memoryMiB(), "MiB");
    ok &= fits(gpus, value(gpus) * n, left.gpus(), "GPUs");
    if (left.workloads() < 1) {
      name.setErrorMessage("The tenant has no workloads left in its quota");
      name.setInvalid(true);
      ok = false;
    }
    return ok;
  }

  private static boolean fits(IntegerField field, long needed, long left, String unit) {
    if (needed > left) {
      field.setErrorMessage("Needs " + needed + " " + unit + " for all instances; " + Math.max(0, left) + " left in the quota");
      field.setInvalid(true);
      return false;
    }
    field.setInvalid(false);
    return true;
  }

  private static long value(IntegerField field) {
    return field.getValue() == null ? 0 : field.getValue();
  }

  static IntegerField number(String label, int initial) {
    IntegerField field = new IntegerField(label);
    field.setValue(initial);
    field.setMin(0);
    field.setStepButtonsVisible(true);
    field.setValueChangeMode(ValueChangeMode.EAGER);
    return field;
  }
}
