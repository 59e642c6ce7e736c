package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.atrium.portal.ui.Quantities;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaUsage;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tenant's limits, each with what the tenant holds now beside it. Saving sends the version that
 * was read, so a change made meanwhile by someone else is reported instead of overwritten.
 */
class QuotaEditor extends Dialog {

  final IntegerField cpuMillis;
  final IntegerField memoryMiB;
  final IntegerField gpus;
  final IntegerField workloads;
  private final long version;

  QuotaEditor(String slug, QuotaUsage current, Predicate<QuotaEditor> onSave) {
    this.version = current.version();
    setHeaderTitle("Quota of " + slug);
    setId("quota-editor");
    Quota used = current.usage();
    cpuMillis = field("CPU (millicores)", current.quota().cpuMillis(), "Held now: " + Quantities.cpu(used.cpuMillis()));
    memoryMiB = field("Memory (MiB)", current.quota().memoryMiB(), "Held now: " + Quantities.memory(used.memoryMiB()));
    gpus = field("GPUs", current.quota().gpus(), "Held now: " + used.gpus());
    workloads = field("Workloads", current.quota().workloads(), "Held now: " + used.workloads());
    Paragraph note = new Paragraph("Lowering a limit below what is held stops new admissions only; nothing running is stopped.");
    note.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    add(new FormLayout(cpuMillis, memoryMiB, gpus, workloads), note);
    Button save = new Button("Save quota", e -> {
      if (onSave.test(this)) {
        close();
      }
    });
    save.setId("quota-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), save);
  }

  long version() {
    return version;
  }

  /** The limits entered; a cleared field counts as invalid (-1) so the server names it. */
  Quota quota() {
    return new Quota(value(cpuMillis), value(memoryMiB), value(gpus), value(workloads));
  }

  Map<String, HasValidation> fieldsByName() {
    return Map.of("cpuMillis", cpuMillis, "memoryMiB", memoryMiB, "gpus", gpus, "workloads", workloads);
  }

  private static long value(IntegerField field) {
    return field.getValue() == null ? -1 : field.getValue();
  }

  private static IntegerField field(String label, long value, String held) {
    IntegerField field = TenantForm.quotaField(label, held);
    field.setValue((int) value);
    field.addValueChangeListener(e -> field.setInvalid(e.getValue() == null || e.getValue() < 0 || e.getValue() > Quota.MAX));
    field.setErrorMessage("Between 0 and " + Quota.MAX);
    return field;
  }
}
