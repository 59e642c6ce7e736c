package dev.atrium.portal.ui;

import dev.atrium.cluster.pool.Amounts;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import dev.atrium.tenancy.quota.QuotaUsage;
import java.util.function.LongFunction;

/** A bar per resource: what the tenant holds now against its limit, red when it is at the limit. */
public final class QuotaBars extends Div {

  public QuotaBars(QuotaUsage usage) {
    addClassName("quota-bars");
    getStyle().set("display", "grid").set("grid-template-columns", "5.5rem minmax(5rem, 1fr) auto").set("gap", "var(--lumo-space-xs) var(--lumo-space-m)")
        .set("align-items", "center");
    row("CPU", usage.usage().cpuMillis(), usage.quota().cpuMillis(), Amounts::cpu);
    row("Memory", usage.usage().memoryMiB(), usage.quota().memoryMiB(), Amounts::memory);
    row("GPUs", usage.usage().gpus(), usage.quota().gpus(), Long::toString);
    row("Workloads", usage.usage().workloads(), usage.quota().workloads(), Long::toString);
  }

  private void row(String label, long used, long limit, LongFunction<String> format) {
    ProgressBar bar = new ProgressBar(0, Math.max(1, limit), Math.min(used, Math.max(1, limit)));
    double share = limit == 0 ? (used > 0 ? 1 : 0) : (double) used / limit;
    if (share >= 1 && limit > 0 || used > limit) {
      bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
    } else if (share >= 0.8) {
      bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
    }
    Span amount = new Span(format.apply(used) + " of " + format.apply(limit));
    bar.getElement().setAttribute("aria-label", label + ": " + format.apply(used) + " of " + format.apply(limit));
    amount.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    Span name = new Span(label);
    name.getElement().setAttribute("data-resource", label.toLowerCase());
    add(name, bar, amount);
  }
}
