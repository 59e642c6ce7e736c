package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import dev.atrium.tenancy.billing.UsageResource;
import dev.atrium.tenancy.billing.UsageRow;
import dev.atrium.tenancy.metering.Metered;
import dev.atrium.tenancy.metering.QuotaStep;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A usage chart's figures as a table, under it: the same numbers for those who would rather read
 * them, and the chart's text alternative for screen readers.
 */
final class UsageFigures {

  private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm").withZone(ZoneOffset.UTC);

  private UsageFigures() {}

  static Details of(UsageResource resource, List<UsageRow> rows, List<QuotaStep> steps, Metered metered) {
    NativeTable table = new NativeTable();
    table.addClassName("usage-figures");
    table.setCaptionText(UsageChart.label(resource) + " per period (UTC)");
    NativeTableRow head = table.getHead().addRow();
    head.addHeaderCell().setText("Period from");
    head.addHeaderCell().setText("to");
    head.addHeaderCell().setText("Held (average)");
    head.addHeaderCell().setText("Quota at its end");
    for (UsageChart.Average a : UsageChart.averages(resource, rows, metered)) {
      Instant end = a.end();
      NativeTableRow line = table.getBody().addRow();
      line.addDataCell().setText(PERIOD.format(a.start()));
      line.addDataCell().setText(PERIOD.format(end));
      line.addDataCell().setText(UsageChart.amount(resource, a.held()));
      Instant last = end.isAfter(metered.countedUntil()) ? metered.countedUntil().minusSeconds(1) : end.minusSeconds(1);
      line.addDataCell().setText(steps.stream()
          .filter(s -> !s.from().isAfter(last) && (s.until() == null || s.until().isAfter(last)))
          .findFirst()
          .map(s -> UsageChart.amount(resource, UsageChart.limit(resource, s.limit())))
          .orElse("—"));
    }
    table.getStyle().set("font-size", "var(--lumo-font-size-s)").set("border-collapse", "collapse").set("width", "100%");
    Details details = new Details("Show the figures", table);
    details.addClassName("usage-figures-toggle");
    return details;
  }
}
