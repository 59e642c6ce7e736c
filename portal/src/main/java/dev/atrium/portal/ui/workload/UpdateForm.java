package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.rollout.VersionChange;
import dev.atrium.cluster.version.Template;
import dev.atrium.cluster.workload.RolloutStrategy;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Changing what a workload's containers run: a new version, which a SERVICE rolls out within its
 * surge and unavailability (also set here) and a CRON workload's runs to come run. Says as the
 * person types what the new version changes; sends only what changed.
 */
class UpdateForm extends Dialog {

  final TextField image = new TextField("Image");
  final TextField command = new TextField("Command (run with sh -c)");
  final IntegerField cpuMillis = LaunchForm.number("CPU per instance (millicores)", 0);
  final IntegerField memoryMiB = LaunchForm.number("Memory per instance (MiB)", 0);
  final TextField healthCheck = new TextField("Health check (run with sh -c)");
  final IntegerField maxSurge = LaunchForm.number("Extra tasks while rolling out (maxSurge)", 0);
  final IntegerField maxUnavailable = LaunchForm.number("Instances that may be down meanwhile (maxUnavailable)", 0);
  private final Span changes = new Span();
  private final Workload workload;
  private final Template current;
  private final String currentCommand;
  private final String currentCheck;

  UpdateForm(Workload workload, Predicate<UpdateForm> onUpdate) {
    this.workload = workload;
    this.current = workload.spec().template();
    this.currentCommand = shell(current.command());
    this.currentCheck = current.healthCheck() == null || current.healthCheck().command() == null ? "" : shell(current.healthCheck().command());
    boolean service = workload.spec().kind() == WorkloadKind.SERVICE;
    setHeaderTitle("Update " + workload.spec().name());
    setId("update-form");
    image.setId("update-image");
    image.setValue(current.image());
    command.setId("update-command");
    command.setValue(currentCommand);
    cpuMillis.setId("update-cpu");
    cpuMillis.setValue((int) current.resources().cpuMillis());
    memoryMiB.setId("update-memory");
    memoryMiB.setValue((int) current.resources().memoryMiB());
    healthCheck.setId("update-health");
    healthCheck.setValue(currentCheck);
    if (current.healthCheck() != null && current.healthCheck().http() != null) {
      healthCheck.setHelperText("Now " + current.healthCheck().describe() + "; a command typed here replaces it");
    }
    healthCheck.setVisible(service);
    RolloutStrategy strategy = workload.spec().rollout();
    maxSurge.setId("update-surge");
    maxSurge.setValue(strategy.maxSurge());
    maxSurge.setHelperText("started over the instances, each healthy before an old one stops");
    maxUnavailable.setId("update-unavailable");
    maxUnavailable.setValue(strategy.maxUnavailable());
    maxUnavailable.setHelperText("0 keeps every instance running throughout");
    maxSurge.setVisible(service);
    maxUnavailable.setVisible(service);
    for (TextField field : List.of(image, command, healthCheck)) {
      field.setValueChangeMode(ValueChangeMode.EAGER);
      field.addValueChangeListener(e -> check());
    }
    for (IntegerField field : List.of(cpuMillis, memoryMiB, maxSurge, maxUnavailable)) {
      field.addValueChangeListener(e -> check());
    }
    Paragraph how = new Paragraph(service
        ? "Version " + workload.rollout().version() + " runs now. The new version's tasks start beside the old ones and replace them one by one;"
            + " a rollout whose new tasks keep failing stops, and you can roll back."
        : "Version " + workload.rollout().version() + " runs now. The runs to come run the new version; a run under way keeps its own.");
    how.getStyle().set("color", "var(--lumo-secondary-text-color)");
    changes.setId("update-changes");
    FormLayout form = new FormLayout(image, command, cpuMillis, memoryMiB, healthCheck, maxSurge, maxUnavailable);
    form.setColspan(command, 2);
    form.setColspan(healthCheck, 2);
    add(how, form, changes);
    Button update = new Button(service ? "Roll out" : "Update", e -> {
      if (check() && onUpdate.test(this)) {
        close();
      }
    });
    update.setId("update-submit");
    update.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), update);
    check();
  }

  /** Only what the person changed: null for each field they left as it was. */
  VersionChange change() {
    Template wanted = wanted();
    // An emptied field keeps what the workload has.
    RolloutStrategy strategy = new RolloutStrategy(
        maxSurge.getValue() == null ? workload.spec().rollout().maxSurge() : maxSurge.getValue(),
        maxUnavailable.getValue() == null ? workload.spec().rollout().maxUnavailable() : maxUnavailable.getValue());
    boolean service = workload.spec().kind() == WorkloadKind.SERVICE;
    return new VersionChange(
        Objects.equals(wanted.image(), current.image()) ? null : wanted.image(),
        Objects.equals(wanted.command(), current.command()) ? null : wanted.command(),
        null,
        Objects.equals(wanted.resources(), current.resources()) ? null : VersionChange.PartialResources.of(wanted.resources()),
        Objects.equals(wanted.healthCheck(), current.healthCheck()) ? null : wanted.healthCheck(),
        !service || strategy.equals(workload.spec().rollout()) ? null : strategy,
        null);
  }

  private Template wanted() {
    String text = command.getValue().trim();
    List<String> newCommand = text.equals(currentCommand) ? current.command() : text.isEmpty() ? List.of() : List.of("sh", "-c", text);
    String check = healthCheck.getValue().trim();
    HealthCheck newCheck = current.healthCheck();
    if (!check.equals(currentCheck)) {
      HealthCheck timing = current.healthCheck() == null ? new HealthCheck(null, null, null, null, null, null) : current.healthCheck();
      newCheck = check.isEmpty() ? current.healthCheck() : new HealthCheck(List.of("sh", "-c", check), null,
          timing.intervalSeconds(), timing.timeoutSeconds(), timing.failureThreshold(), timing.gracePeriodSeconds()).normalised();
    }
    return new Template(
        image.getValue().trim(), newCommand, current.env(),
        new Resources(value(cpuMillis), value(memoryMiB), current.resources().gpus()), newCheck);
  }

  /** Marks what is wrong as the person types and says what the new version changes; true when it may be sent. */
  private boolean check() {
    boolean ok = require(image, !image.getValue().isBlank(), "An image is required");
    ok &= require(cpuMillis, value(cpuMillis) > 0, "Must be at least 1");
    ok &= require(memoryMiB, value(memoryMiB) > 0, "Must be at least 1");
    ok &= require(maxUnavailable, value(maxSurge) > 0 || value(maxUnavailable) > 0,
        "At least 1 when maxSurge is 0: a rollout must be able to start a new task or stop an old one");
    List<String> changed = new ArrayList<>(current.changedIn(wanted()));
    VersionChange change = change();
    if (change.strategy() != null) {
      changed.add("rollout");
    }
    changes.setText(changed.isEmpty() ? "Nothing changed yet." : "Changes: " + String.join(", ", changed));
    return ok && !changed.isEmpty();
  }

  Map<String, HasValidation> fieldsByName() {
    return Map.of(
        "image", image,
        "command", command,
        "resources.cpuMillis", cpuMillis,
        "cpuMillis", cpuMillis,
        "resources.memoryMiB", memoryMiB,
        "memoryMiB", memoryMiB,
        "healthCheck", healthCheck,
        "healthCheck.command", healthCheck,
        "rollout.maxSurge", maxSurge,
        "rollout.maxUnavailable", maxUnavailable);
  }

  private static boolean require(HasValidation field, boolean valid, String message) {
    field.setInvalid(!valid);
    if (!valid) {
      field.setErrorMessage(message);
    }
    return valid;
  }

  /** The text a person edits for a command: what {@code sh -c} runs, or the parts joined. */
  private static String shell(List<String> command) {
    if (command.size() == 3 && command.get(0).equals("sh") && command.get(1).equals("-c")) {
      return command.get(2);
    }
    return String.join(" ", command);
  }

  private static long value(IntegerField field) {
    return field.getValue() == null ? 0 : field.getValue();
  }
}
