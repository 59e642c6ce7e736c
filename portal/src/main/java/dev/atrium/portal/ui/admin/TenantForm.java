package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
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
    private Integer cpuMillis = 4000;
    private Integer memoryMiB = 8192;
    private Integer gpus = 0;
    private Integer workloads = 20;

    String getSlug() { return slug; }
    void setSlug(String v) { slug = v; }
    String getDisplayName() { return displayName; }
    void setDisplayName(String v) { displayName = v; }
    Integer getCpuMillis() { return cpuMillis; }
    void setCpuMillis(Integer v) { cpuMillis = v; }
    Integer getMemoryMiB() { return memoryMiB; }
    void setMemoryMiB(Integer v) { memoryMiB = v; }
    Integer getGpus() { return gpus; }
    void setGpus(Integer v) { gpus = v; }
    Integer getWorkloads() { return workloads; }
    void setWorkloads(Integer v) { workloads = v; }

    Quota quota() {
      return new Quota(cpuMillis, memoryMiB, gpus, workloads);
    }
  }

  final TextField slug = new TextField("Slug");
  final TextField displayName = new TextField("Display name");
  final IntegerField cpuMillis = quotaField("CPU (millicores)", "1000 = one core");
  final IntegerField memoryMiB = quotaField("Memory (MiB)", "1024 = one GiB");
  final IntegerField gpus = quotaField("GPUs", null);
  final IntegerField workloads = quotaField("Workloads", "services, jobs and cron jobs at once");
  private final Binder<Values> binder = new Binder<>();
  private final Values values = new Values();

  private final boolean editing;

  /** Creating a tenant. */
  TenantForm(Predicate<TenantForm> onSave) {
    this(null, null, onSave);
  }

  /** Renaming tenant {@code slug}: the slug is fixed, limits live in the quota editor. */
  TenantForm(String existingSlug, String existingName, Predicate<TenantForm> onSave) {
    editing = existingSlug != null;
    if (editing) {
      values.setSlug(existingSlug);
      values.setDisplayName(existingName);
    }
    setHeaderTitle(editing ? "Edit " + existingSlug : "New tenant");
    setId("tenant-form");
    slug.setId("tenant-slug");
    slug.setHelperText("2-31 lowercase letters, digits or dashes; cannot be changed later");
    displayName.setId("tenant-name");
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
    bindQuota(cpuMillis, Values::getCpuMillis, Values::setCpuMillis);
    bindQuota(memoryMiB, Values::getMemoryMiB, Values::setMemoryMiB);
    bindQuota(gpus, Values::getGpus, Values::setGpus);
    bindQuota(workloads, Values::getWorkloads, Values::setWorkloads);
    binder.setBean(values);

    FormLayout layout = new FormLayout(slug, displayName, cpuMillis, memoryMiB, gpus, workloads);
    slug.setReadOnly(editing);
    for (IntegerField field : new IntegerField[] {cpuMillis, memoryMiB, gpus, workloads}) {
      field.setVisible(!editing);
    }
    layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2));
    add(layout);

    Button save = new Button(editing ? "Save" : "Create tenant", e -> {
      if (binder.validate().isOk() && onSave.test(this)) {
        close();
      }
    });
    save.setId("tenant-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    binder.addStatusChangeListener(e -> save.setEnabled(!e.hasValidationErrors()));
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

  private void bindQuota(IntegerField field, com.vaadin.flow.function.ValueProvider<Values, Integer> getter, com.vaadin.flow.data.binder.Setter<Values, Integer> setter) {
    binder.forField(field)
        .asRequired("Required")
        .withValidator(v -> v >= 0 && v <= Quota.MAX, "Between 0 and " + Quota.MAX)
        .bind(getter, setter);
  }

  static IntegerField quotaField(String label, String helper) {
    IntegerField field = new IntegerField(label);
    field.setMin(0);
    field.setMax((int) Quota.MAX);
    field.setStepButtonsVisible(true);
    field.setValueChangeMode(ValueChangeMode.EAGER);
    if (helper != null) {
      field.setHelperText(helper);
    }
    return field;
  }
}
