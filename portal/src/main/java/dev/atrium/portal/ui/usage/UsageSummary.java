package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.html.Span;
import dev.atrium.tenancy.billing.TenantUsage;
import dev.atrium.tenancy.billing.UsageResource;
import dev.atrium.tenancy.billing.UsageRow;
import java.util.List;

/** Totals as people read them: core-hours, GiB-hours and GPU-hours, and the share of the quota. */
final class UsageSummary {

  private UsageSummary() {}

  /** e.g. "12.5 core-hours of 96 allowed (13%)" */
  static Span line(UsageResource resource, List<UsageRow> rows) {
    long held = rows.stream().mapToLong(UsageRow::quantity).sum();
    long allowed = rows.stream().mapToLong(UsageRow::quotaLimit).sum();
    Span line = new Span(hours(resource, held) + " of " + hours(resource, allowed) + " allowed (" + percent(held, allowed) + ")");
    line.getStyle().set("color", "var(--lumo-secondary-text-color)");
    return line;
  }

  /** An amount in the export's unit (e.g. millicore-seconds) as hours of the chart's unit. */
  static String hours(UsageResource resource, long amount) {
    double hours = amount / 3600.0 / UsageChart.scale(resource);
    String unit =
        switch (resource.base()) {
          case MEMORY -> "GiB-hours";
          case GPU -> "GPU-hours";
          default -> "core-hours";
        };
    return number(hours) + " " + unit;
  }

  /** Whole numbers as they are, others to two significant digits (0.0042, 1.5, 12). */
  static String number(double value) {
    if (value == Math.rint(value) || Math.abs(value) >= 100) {
      return String.format("%,.0f", value);
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
  }

  static String percent(long held, long allowed) {
    return allowed == 0 ? (held == 0 ? "no quota" : "over a zero quota") : String.format("%.0f%%", 100 * TenantUsage.share(held, allowed));
  }
}
