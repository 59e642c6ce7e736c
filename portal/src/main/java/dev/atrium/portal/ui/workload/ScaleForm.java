package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaUsage;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scaling a workload: the new number of instances, checked against the quota as the person types and
 * said in people's units ("needs 0.5 cores more; 0.25 cores left in the quota").
 */
class ScaleForm extends Dialog {

  final IntegerField instances = new IntegerField("Instances");
  private final Workload workload;
  private final Quota left;
  private final Button scale;

  ScaleForm(Workload workload, QuotaUsage quota, Predicate<ScaleForm> onScale) {
    this.workload = workload;
    Quota limit = quota.quota();
    Quota used = quota.usage();
    this.left = new Quota(limit.cpuMillis() - used.cpuMillis(), limit.memoryMiB() - used.memoryMiB(), limit.gpus() - used.gpus(), 0);
    Resources each = workload.spec().resources();
    setHeaderTitle("Scale " + workload.spec().name());
    setId("scale-dialog");
    instances.setId("scale-instances");
    instances.setValue(workload.spec().instances());
    instances.setMin(0);
    instances.setMax(1000);
    instances.setStepButtonsVisible(true);
    instances.setValueChangeMode(ValueChangeMode.EAGER);
    instances.addValueChangeListener(e -> check());
    instances.setHelperText("Each instance holds " + Amounts.cpu(each.cpuMillis()) + " · " + Amounts.memory(each.memoryMiB())
        + (each.gpus() > 0 ? " · " + each.gpus() + " GPU" : "") + "; the quota has " + Amounts.cpu(left.cpuMillis()) + " and "
        + Amounts.memory(left.memoryMiB()) + " left");
    instances.setWidthFull();
    Paragraph how = new Paragraph(workload.spec().kind() == WorkloadKind.CRON
        ? "The runs to come have this many instances; a run under way keeps its own."
        : "New instances are admitted like a launch; surplus ones stop, the highest numbers first.");
    how.getStyle().set("color", "var(--lumo-secondary-text-color)");
    add(how, instances);
    scale = new Button("Scale", e -> {
      if (check() && onScale.test(this)) {
        close();
      }
    });
    scale.setId("scale-submit");
    scale.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Button cancel = new Button("Cancel", e -> close());
    cancel.setId("scale-cancel");
    getFooter().add(cancel, scale);
    setWidth("28rem");
  }

  /** Marks what is wrong as the person types; true when the number may be sent. */
  private boolean check() {
    Integer n = instances.getValue();
    String problem = null;
    if (n == null) {
      problem = instances.isEmpty() ? "Type how many instances, 0 to 1000" : "A whole number of instances, 0 to 1000";
    } else if (n < 0 || n > 1000) {
      problem = "From 0 to 1000 instances";
    } else if (workload.spec().reservation() == null && workload.spec().kind() != WorkloadKind.CRON) {
      long more = n - workload.spec().instances();
      Resources each = workload.spec().resources();
      if (more > 0 && each.cpuMillis() * more > left.cpuMillis()) {
        problem = "Needs " + Amounts.cpu(each.cpuMillis() * more) + " more; " + Amounts.cpu(Math.max(0, left.cpuMillis())) + " left in the quota";
      } else if (more > 0 && each.memoryMiB() * more > left.memoryMiB()) {
        problem = "Needs " + Amounts.memory(each.memoryMiB() * more) + " more; " + Amounts.memory(Math.max(0, left.memoryMiB())) + " left in the quota";
      } else if (more > 0 && each.gpus() * more > left.gpus()) {
        problem = "Needs " + each.gpus() * more + " more GPUs; " + Math.max(0, left.gpus()) + " left in the quota";
      }
    }
    instances.setInvalid(problem != null);
    instances.setErrorMessage(problem);
    scale.setEnabled(problem == null);
    return problem == null;
  }

  Map<String, HasValidation> fieldsByName() {
    return Map.of("instances", instances, "cpuMillis", instances, "memoryMiB", instances, "gpus", instances);
  }
}
