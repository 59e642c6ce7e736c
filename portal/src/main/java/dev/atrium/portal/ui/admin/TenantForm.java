package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import dev.atrium.portal.ui.QuantityField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Creating a tenant: slug, name and first quota, checked as the person types with the same rules
 * the server applies; what the server still refuses appears on the field. The form never sees a
 * service: it hands the values to {@code onSave}, which answers whether the server took them.
 */
class TenantForm extends Dialog {

  /** The form's values; a bean so that the Binder can edit it. */
  static class Values {
    private String slug = "";
    private String displayName = "";

    String getSlug() { return slug; }
    void setSlug(String v) { slug = v; }
    String getDisplayName() { return displayName; }
    void setDisplayName(String v) { displayName = v; }
  }

  final TextField slug = new TextField("Slug");
  final TextField displayName = new TextField("Display name");
  final QuantityField cpuMillis = quotaField("CPU", QuantityField.Unit.CORES, 4000, "e.g. 4 or 0.5");
  final QuantityField memoryMiB = quotaField("Memory", QuantityField.Unit.GIB, 8192, "e.g. 8 or 0.5");
  final QuantityField gpus = quotaField("GPUs", QuantityField.Unit.COUNT, 0, null);
  final QuantityField workloads = quotaField("Workloads", QuantityField.Unit.COUNT, 20, "services, jobs and cron jobs at once");
  private final Binder<Values> binder = new Binder<>();
  private final Values values = new Values();

  private final boolean editing;
  private final Button save;

  /** Creating a tenant. */
  TenantForm(Predicate<TenantForm> onSave) {
    this(null, null, onSave);
  }

  /** Renaming tenant {@code slug}: the slug is fixed, limits live in the quota editor. */
  TenantForm(String existingSlug, String existingName, Predicate<TenantForm> onSave) {
    editing = existingSlug != null;
    save = new Button(editing ? "Save" : "Create tenant");
    if (editing) {
      values.setSlug(existingSlug);
      values.setDisplayName(existingName);
    }
    setHeaderTitle(editing ? "Edit " + existingSlug : "New tenant");
    setId("tenant-form");
    slug.setId("tenant-slug");
    slug.setHelperText("2-31 lowercase letters, digits or dashes; cannot be changed later");
    displayName.setId("tenant-name");
    cpuMillis.setId("tenant-cpu");
    memoryMiB.setId("tenant-memory");
    gpus.setId("tenant-gpus");
    workloads.setId("tenant-workloads");
    for (TextField field : new TextField[] {slug, displayName}) {
      field.setValueChangeMode(ValueChangeMode.EAGER);
      field.setRequiredIndicatorVisible(true);
    }
    binder.forField(slug)
        .withValidator(s -> TenantService.SLUG.matcher(s).matches(), "Slug " + TenantService.SLUG_RULE)
        .bind(Values::getSlug, Values::setSlug);
    binder.forField(displayName)
        .withValidator(n -> !n.isBlank(), "Display name must not be empty")
        .withValidator(n -> n.length() <= TenantService.NAME_MAX, "At most " + TenantService.NAME_MAX + " characters")
        .bind(Values::getDisplayName, Values::setDisplayName);
    binder.setBean(values);

    FormLayout layout = new FormLayout(slug, displayName, cpuMillis, memoryMiB, gpus, workloads);
    slug.setReadOnly(editing);
    for (QuantityField field : new QuantityField[] {cpuMillis, memoryMiB, gpus, workloads}) {
      field.setVisible(!editing);
      field.addValueChangeListener(e -> save.setEnabled(binder.isValid() && quotaValid()));
    }
    layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2));
    add(layout);

    save.addClickListener(e -> {
      if (binder.validate().isOk() & quotaValid() && onSave.test(this)) {
        close();
      }
    });
    save.setId("tenant-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    binder.addStatusChangeListener(e -> save.setEnabled(!e.hasValidationErrors() && quotaValid()));
    getFooter().add(new Button("Cancel", e -> close()), save);
  }

  Values values() {
    return values;
  }

  /** Form fields by the names the services use in their errors. */
  Map<String, HasValidation> fieldsByName() {
    return Map.of(
        "slug", slug,
        "displayName", displayName,
        "quota.cpuMillis", cpuMillis,
        "quota.memoryMiB", memoryMiB,
        "quota.gpus", gpus,
        "quota.workloads", workloads);
  }

  /** The quota typed, in the services' units; only once {@link #quotaValid()}. */
  Quota quota() {
    return new Quota(cpuMillis.base().orElse(-1), memoryMiB.base().orElse(-1), gpus.base().orElse(-1), workloads.base().orElse(-1));
  }

  /** Whether every limit reads as an amount (a renamed tenant's form has none). */
  private boolean quotaValid() {
    if (editing) {
      return true;
    }
    boolean ok = true;
    for (QuantityField field : new QuantityField[] {cpuMillis, memoryMiB, gpus, workloads}) {
      ok &= field.validateNow();
    }
    return ok;
  }

  static QuantityField quotaField(String label, QuantityField.Unit unit, long initial, String helper) {
    QuantityField field = new QuantityField(label, unit, Quota.MAX);
    field.setBase(initial);
    if (helper != null) {
      field.setHelperText(helper);
    }
    return field;
  }
}
