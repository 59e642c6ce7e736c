package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import dev.atrium.portal.ui.QuantityField;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaUsage;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tenant's limits, each with what the tenant holds now beside it. Saving sends the version that
 * was read, so a change made meanwhile by someone else is reported instead of overwritten.
 */
class QuotaEditor extends Dialog {

  final QuantityField cpuMillis;
  final QuantityField memoryMiB;
  final QuantityField gpus;
  final QuantityField workloads;
  private final long version;

  QuotaEditor(String slug, QuotaUsage current, Predicate<QuotaEditor> onSave) {
    this.version = current.version();
    setHeaderTitle("Quota of " + slug);
    setId("quota-editor");
    Quota used = current.usage();
    cpuMillis = TenantForm.quotaField("CPU", QuantityField.Unit.CORES, current.quota().cpuMillis(), "Held now: " + Amounts.cpu(used.cpuMillis()));
    memoryMiB = TenantForm.quotaField("Memory", QuantityField.Unit.GIB, current.quota().memoryMiB(), "Held now: " + Amounts.memory(used.memoryMiB()));
    gpus = TenantForm.quotaField("GPUs", QuantityField.Unit.COUNT, current.quota().gpus(), "Held now: " + used.gpus());
    workloads = TenantForm.quotaField("Workloads", QuantityField.Unit.COUNT, current.quota().workloads(), "Held now: " + used.workloads());
    cpuMillis.setId("quota-cpu");
    memoryMiB.setId("quota-memory");
    gpus.setId("quota-gpus");
    workloads.setId("quota-workloads");
    Paragraph note = new Paragraph("Lowering a limit below what is held stops new admissions only; nothing running is stopped.");
    note.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    add(new FormLayout(cpuMillis, memoryMiB, gpus, workloads), note);
    Button save = new Button("Save quota", e -> {
      boolean valid = cpuMillis.validateNow() & memoryMiB.validateNow() & gpus.validateNow() & workloads.validateNow();
      if (valid && onSave.test(this)) {
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

  /** The limits entered, in the services' units; sent only once every field reads as an amount. */
  Quota quota() {
    return new Quota(cpuMillis.base().orElse(-1), memoryMiB.base().orElse(-1), gpus.base().orElse(-1), workloads.base().orElse(-1));
  }

  Map<String, HasValidation> fieldsByName() {
    return Map.of("cpuMillis", cpuMillis, "memoryMiB", memoryMiB, "gpus", gpus, "workloads", workloads);
  }
}
