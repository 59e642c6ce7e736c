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
import dev.atrium.cluster.pool.Pool;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.schedule.CronSchedule;
import dev.atrium.cluster.workload.ConcurrencyPolicy;
import dev.atrium.cluster.workload.CronSpec;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.cluster.pool.Amounts;
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
  final IntegerField duration = number("Runs for (seconds, on a simulated pool)", 30);
  final com.vaadin.flow.component.textfield.TextArea env = new com.vaadin.flow.component.textfield.TextArea("Environment (optional)");
  final TextField nodeLabels = new TextField("Only on nodes labelled (optional)");
  private final Button launch = new Button("Launch");
  /** Fields the quota check marked: {@link #require} leaves their message alone. */
  private final java.util.Set<HasValidation> quotaMarked = new java.util.HashSet<>();
  /** Each pool's driver: a run time is asked for, and sent, only for a simulated pool. */
  private final Map<String, String> drivers = new java.util.HashMap<>();
  final TextField schedule = new TextField("Schedule (cron)");
  final ComboBox<String> timeZone = new ComboBox<>("Time zone");
  final Select<ConcurrencyPolicy> policy = new Select<>();
  final IntegerField deadline = number("Starting deadline (seconds)", CronSpec.DEFAULT_DEADLINE_SECONDS);
  final Span nextRuns = new Span();
  final TextField healthCheck = new TextField("Health check (run with sh -c; optional)");
  final IntegerField port = new IntegerField("HTTP port (optional)");
  private final Quota left;

  private final Clock clock;

  LaunchForm(QuotaUsage quota, List<Pool> pools, List<Reservation> active, ZoneId browserZone, Clock clock, Predicate<LaunchForm> onLaunch) {
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
    kind.addValueChangeListener(e -> {
      showKind();
      check();
    });
    image.setValue("localhost/busybox:latest");
    image.setId("launch-image");
    command.setId("launch-command");
    command.setValue(SERVICE_COMMAND);
    pool.setLabel("Pool");
    // Every pool is listed; one whose engine cannot be reached now is shown disabled, with the reason.
    Map<String, String> unavailable = new java.util.HashMap<>();
    pools.stream().filter(p -> p.unavailableReason() != null).forEach(p -> unavailable.put(p.name(), p.unavailableReason()));
    pools.forEach(p -> drivers.put(p.name(), p.driver()));
    List<String> names = pools.stream().map(Pool::name).toList();
    List<String> usable = names.stream().filter(n -> !unavailable.containsKey(n)).toList();
    pool.setItems(names);
    pool.setItemEnabledProvider(n -> !unavailable.containsKey(n));
    pool.setItemLabelGenerator(n -> unavailable.containsKey(n) ? n + " — unavailable: " + unavailable.get(n) : n);
    pool.setValue(usable.contains("local") ? "local" : usable.isEmpty() ? null : usable.get(0));
    pool.setHelperText(unavailable.isEmpty() ? null : "A pool whose engine cannot be reached now takes no new work");
    pool.setId("launch-pool");
    reservation.setLabel("Run in reservation");
    reservation.setId("launch-reservation");
    reservation.setItems(active);
    reservation.setEmptySelectionAllowed(true);
    reservation.setEmptySelectionCaption("No: draw on the quota");
    reservation.setItemLabelGenerator(r -> r == null ? "No: draw on the quota"
        : r.name() + " (" + r.instances() + " × " + Amounts.cpu(r.resources().cpuMillis()) + " on " + r.pool() + ")");
    reservation.setHelperText(active.isEmpty() ? "The tenant has no ACTIVE reservation" : "its slots and capacity, not the quota");
    reservation.addValueChangeListener(e -> {
      if (e.getValue() != null) {
        pool.setValue(e.getValue().pool());
      }
      check();
    });
    instances.setId("launch-instances");
    cpuMillis.setId("launch-cpu");
    memoryMiB.setId("launch-memory");
    for (IntegerField field : List.of(cpuMillis, memoryMiB, gpus, instances)) {
      field.addValueChangeListener(e -> checkQuota());
    }
    Paragraph quotaLeft =
        new Paragraph(
            "Quota left: " + Amounts.cpu(left.cpuMillis()) + " · " + Amounts.memory(left.memoryMiB()) + " · "
                + left.gpus() + " GPU · " + left.workloads() + " workloads");
    quotaLeft.setId("launch-quota-left");
    quotaLeft.getStyle().set("color", "var(--lumo-secondary-text-color)");
    env.setId("launch-env");
    env.setPlaceholder("MODE=demo\nGREETING=hello");
    env.setHelperText("NAME=value, one per line");
    env.setValueChangeMode(ValueChangeMode.LAZY);
    nodeLabels.setId("launch-labels");
    nodeLabels.setPlaceholder("zone=a, disk=ssd");
    nodeLabels.setHelperText("key=value pairs, separated by commas");
    nodeLabels.setValueChangeMode(ValueChangeMode.LAZY);
    FormLayout form = new FormLayout(
        name, kind, schedule, timeZone, nextRuns, policy, deadline, image, command, healthCheck, port, cpuMillis, memoryMiB, gpus, instances, pool, reservation,
        duration, nodeLabels, env);
    form.setColspan(command, 2);
    form.setColspan(env, 2);
    form.setColspan(healthCheck, 2);
    form.setColspan(nextRuns, 2);
    showKind();
    add(quotaLeft, form);
    launch.addClickListener(e -> {
      if (check() && onLaunch.test(this)) {
        close();
      }
    });
    launch.setId("launch-submit");
    // Launch is enabled only while the form is valid; each field says what is wrong as one types.
    name.setValueChangeMode(ValueChangeMode.EAGER);
    image.setValueChangeMode(ValueChangeMode.EAGER);
    for (var field : List.<com.vaadin.flow.component.AbstractField<?, ?>>of(name, image, command, cpuMillis, memoryMiB, gpus, instances, duration, env,
        nodeLabels, schedule, deadline, port)) {
      field.addValueChangeListener(e -> check());
    }
    pool.addValueChangeListener(e -> {
      showKind();
      check();
    });
    launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), launch);
    checkQuota();
    launch.setEnabled(false); // until it has a name; fields say what is wrong once the person types
  }

  /** Checks every field as the server would; enables Launch only when all pass. */
  private boolean check() {
    boolean ok = checkQuota();
    ok &= require(name, name.getValue().trim().matches("^[a-z][a-z0-9-]{0,62}$"),
        name.getValue().isBlank() ? "A name is required" : "Lowercase letters, digits and dashes, starting with a letter (at most 63)");
    ok &= require(image, !image.getValue().isBlank(), "An image is required");
    ok &= require(cpuMillis, value(cpuMillis) > 0, "At least 1 millicore");
    ok &= require(memoryMiB, value(memoryMiB) > 0, "At least 1 MiB");
    ok &= require(gpus, gpus.getValue() != null && gpus.getValue() >= 0, "0 or more GPUs");
    ok &= require(instances, instances.getValue() != null && instances.getValue() >= 1 && instances.getValue() <= 1000, "From 1 to 1000 instances");
    ok &= require(pool, pool.getValue() != null, "Choose a pool that is available");
    ok &= requirePairs(env, env.getValue(), "\\n", "NAME=value");
    ok &= requirePairs(nodeLabels, nodeLabels.getValue(), ",", "key=value");
    if (duration.isVisible()) {
      ok &= require(duration, duration.getValue() != null && duration.getValue() >= 0, "0 or more seconds");
    }
    if (port.isVisible() && !port.isEmpty()) {
      ok &= require(port, port.getValue() != null && port.getValue() >= 1 && port.getValue() <= 65535, "A port from 1 to 65535");
    }
    if (kind.getValue() == WorkloadKind.CRON) {
      // A schedule that does not parse is marked as typed (previewRuns), with the field's words.
      ok &= !schedule.isInvalid() && require(schedule, !schedule.getValue().isBlank(), "Type a schedule, e.g. 30 2 * * * or @daily");
      ok &= !timeZone.isInvalid();
      ok &= require(deadline, deadline.getValue() != null && deadline.getValue() >= 10 && deadline.getValue() <= 7 * 24 * 3600,
          "From 10 seconds to 7 days (604800)");
    }
    launch.setEnabled(ok);
    return ok;
  }

  /** Marks {@code field} invalid with {@code message} unless {@code valid}; a quota message on it stays. */
  private boolean require(HasValidation field, boolean valid, String message) {
    if (!valid) {
      field.setErrorMessage(message);
      field.setInvalid(true);
    } else if (!quotaMarked.contains(field)) {
      field.setInvalid(false);
    }
    return valid;
  }

  /** {@code text} read as {@code key=value} pairs split by {@code separator}; blank parts are none. */
  private static Map<String, String> pairs(String text, String separator) {
    Map<String, String> pairs = new java.util.LinkedHashMap<>();
    for (String part : text.split(separator)) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        pairs.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return pairs;
  }

  /** Marks {@code field} with the first part of its text that is not {@code key=value}; true when none is. */
  private boolean requirePairs(HasValidation field, String text, String separator, String shape) {
    java.util.Optional<String> bad =
        java.util.Arrays.stream(text.split(separator)).filter(p -> !p.isBlank() && p.indexOf('=') <= 0).findFirst();
    return require(field, bad.isEmpty(), bad.map(p -> "“" + p.trim() + "” is not " + shape).orElse(""));
  }

  WorkloadSpec spec() {
    String text = command.getValue().trim();
    return new WorkloadSpec(
        name.getValue().trim(),
        kind.getValue(),
        image.getValue().trim(),
        text.isEmpty() ? List.of() : List.of("sh", "-c", text),
        pairs(env.getValue(), "\\n"),
        new Resources(value(cpuMillis), value(memoryMiB), value(gpus)),
        instances.getValue(),
        pool.getValue(),
        pairs(nodeLabels.getValue(), ","),
        duration.isVisible() && value(duration) > 0 ? (int) value(duration) : null,
        kind.getValue() == WorkloadKind.CRON || reservation.getValue() == null ? null : reservation.getValue().id(),
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
    // Only a simulated pool needs to be told how long a job runs; on a real engine its command decides.
    duration.setVisible(kind.getValue() != WorkloadKind.SERVICE && "sim".equals(drivers.get(pool.getValue())));
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
        Map.entry("resources", cpuMillis),
        Map.entry("env", env),
        Map.entry("nodeLabels", nodeLabels),
        Map.entry("reservation", reservation));
  }

  /** Marks the field that would take the tenant past its quota; true when the request fits. */
  private boolean checkQuota() {
    int n = instances.getValue() == null ? 0 : instances.getValue();
    if (reservation.getValue() != null && kind.getValue() != WorkloadKind.CRON) { // it draws on the reservation; the server counts its slots
      n = 0;
    }
    boolean ok = fits(cpuMillis, value(cpuMillis) * n, left.cpuMillis(), Amounts::cpu);
    ok &= fits(memoryMiB, value(memoryMiB) * n, left.memoryMiB(), Amounts::memory);
    ok &= fits(gpus, value(gpus) * n, left.gpus(), Amounts::gpus);
    if (left.workloads() < 1) {
      name.setErrorMessage("The tenant has no workloads left in its quota");
      name.setInvalid(true);
      quotaMarked.add(name);
      ok = false;
    }
    return ok;
  }

  private boolean fits(IntegerField field, long needed, long left, java.util.function.LongFunction<String> amount) {
    if (needed > left) {
      field.setErrorMessage("Needs " + amount.apply(needed) + " for all instances; " + amount.apply(Math.max(0, left)) + " left in the quota");
      field.setInvalid(true);
      quotaMarked.add(field);
      return false;
    }
    if (quotaMarked.remove(field)) {
      field.setInvalid(false);
    }
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
