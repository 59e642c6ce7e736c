package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.atrium.tenancy.billing.ExportFormat;
import dev.atrium.tenancy.billing.UsageQuery;
import dev.atrium.tenancy.billing.UsageService;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The period picker and a download link per export format. Downloads are checked and streamed when
 * clicked, exactly as the REST API exports them.
 */
class UsageToolbar extends HorizontalLayout {

  private final Select<UsagePeriod> period = new Select<>();

  /**
   * @param export the export of a query in a format, checked for the signed-in person
   * @param onChange called with the new query whenever the period changes
   */
  UsageToolbar(
      UsageService usage, BiFunction<UsageQuery, ExportFormat, UsageService.Export> export, Consumer<UsageQuery> onChange) {
    period.setLabel("Period (UTC)");
    period.setId("usage-period");
    period.setItems(UsagePeriod.values());
    period.setItemLabelGenerator(UsagePeriod::label);
    period.setValue(UsagePeriod.LAST_24_HOURS);
    period.addValueChangeListener(e -> onChange.accept(query()));
    add(period);
    for (ExportFormat format : ExportFormat.values()) {
      add(download(usage, export, format));
    }
    setAlignItems(FlexComponent.Alignment.BASELINE);
    setWrap(true);
  }

  UsageQuery query() {
    return period.getValue().query(Instant.now());
  }

  private Anchor download(
      UsageService usage, BiFunction<UsageQuery, ExportFormat, UsageService.Export> export, ExportFormat format) {
    String name = format.name().toLowerCase(Locale.ROOT);
    DownloadHandler handler =
        event -> {
          UsageService.Export checked = export.apply(query(), format);
          event.setFileName(checked.filename());
          event.setContentType(checked.format().mediaType());
          usage.write(checked, event.getOutputStream());
        };
    Button button = new Button(format == ExportFormat.FOCUS ? "FOCUS" : name.toUpperCase(Locale.ROOT), VaadinIcon.DOWNLOAD_ALT.create());
    button.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
    button.setTooltipText(
        switch (format) {
          case CSV -> "Download as CSV, the billing export's columns";
          case JSONL -> "Download as JSON Lines, one row per line";
          case FOCUS -> "Download in FinOps FOCUS columns (CSV)";
        });
    Anchor anchor = new Anchor(handler, "");
    anchor.add(button);
    anchor.getElement().setAttribute("download", true);
    anchor.setId("download-" + name);
    return anchor;
  }
}
