package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.atrium.cluster.cron.CronRun;
import dev.atrium.cluster.cron.RunState;
import dev.atrium.portal.ui.Cards;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A CRON workload's latest runs: when each was due, how it went and why, in the person's time zone. */
class RunHistory extends VerticalLayout {

  RunHistory(List<CronRun> runs, ZoneId zone) {
    setPadding(false);
    setSpacing(false);
    DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss").withZone(zone);
    Span title = new Span("Runs (times in " + zone.getId() + ")");
    title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)");
    Grid<CronRun> grid = new Grid<>();
    grid.addClassName("run-history");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT);
    grid.setAllRowsVisible(true);
    grid.addColumn(r -> time.format(r.scheduledAt()) + (r.manual() ? " (by hand)" : "")).setHeader("Due").setAutoWidth(true);
    grid.addComponentColumn(r -> badge(r.state())).setHeader("State").setAutoWidth(true);
    grid.addColumn(r -> r.startedAt() == null ? "" : time.format(r.startedAt())).setHeader("Started").setAutoWidth(true);
    grid.addColumn(r -> r.endedAt() == null ? "" : time.format(r.endedAt())).setHeader("Ended").setAutoWidth(true);
    grid.addColumn(r -> r.taskIds().size()).setHeader("Tasks").setAutoWidth(true);
    grid.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader("Reason").setFlexGrow(1);
    grid.setItems(runs);
    grid.setEmptyStateText("No runs yet: the first is due at the next scheduled time, or press Run now.");
    add(title, grid);
  }

  static Span badge(RunState state) {
    String theme =
        switch (state) {
          case SUCCEEDED -> "success";
          case FAILED, MISSED -> "error";
          case SKIPPED, REPLACED -> "contrast";
          case RUNNING -> "";
        };
    Span badge = Cards.badge(state.name(), theme);
    badge.addClassName("run-state");
    return badge;
  }
}
