package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.html.Span;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.portal.ui.Cards;
import dev.atrium.cluster.workload.Workload;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * A workload's tasks: state, node, restarts, reason, and the last lines of a container's log, which
 * {@code logTail} fetches (the view asks the service, which checks the tenant).
 */
class TaskList extends VerticalLayout {


  /** Where the task's ports are reached, once RUNNING (healthy, where checked): links to those on this host. */
  private static com.vaadin.flow.component.Component endpoints(Task t) {
    com.vaadin.flow.component.html.Div links = new com.vaadin.flow.component.html.Div();
    if (t.state() == TaskState.RUNNING) {
      t.endpoints().forEach((name, address) -> {
        // A cluster-internal address (a Kubernetes Service) is shown, not linked: a browser cannot reach it.
        com.vaadin.flow.component.html.Span plain = new com.vaadin.flow.component.html.Span(address);
        com.vaadin.flow.component.HtmlContainer shown = address.contains(".svc:") ? plain : new com.vaadin.flow.component.html.Anchor("http://" + address + "/", address);
        if (shown instanceof com.vaadin.flow.component.html.Anchor link) {
          link.setTarget("_blank");
        }
        shown.addClassName("task-endpoint");
        shown.setTitle(name + " of task " + t.instance());
        links.add(shown);
      });
    }
    return links;
  }

  /** What the task's health check says so far, as a badge; nothing before it is launched. */
  private static Span health(Task t) {
    String text;
    String theme;
    if (t.state() == TaskState.RUNNING) {
      text = "healthy";
      theme = "success";
    } else if (t.state() == TaskState.STAGING && t.handle() != null) {
      text = "checking";
      theme = "contrast";
    } else if (t.state() == TaskState.FAILED && t.reason() != null && t.reason().startsWith("health check failed")) {
      text = "unhealthy";
      theme = "error";
    } else {
      return new Span();
    }
    Span badge = Cards.badge(text, theme);
    badge.addClassName("task-health");
    return badge;
  }

  /** {@code zone}: the person's, in which times are shown (and named). */
  TaskList(Workload workload, java.time.ZoneId zone, Function<Task, List<String>> logTail) {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    setPadding(false);
    Pre log = new Pre();
    log.setVisible(false);
    log.getStyle().set("max-height", "12rem").set("overflow", "auto").set("font-size", "var(--lumo-font-size-xs)");
    Grid<Task> tasks = new Grid<>();
    tasks.addThemeVariants(GridVariant.LUMO_COMPACT);
    tasks.setAllRowsVisible(true);
    tasks.addColumn(Task::instance).setHeader("#").setAutoWidth(true);
    tasks.addComponentColumn(t -> WorkloadsView.stateBadge(t.state().name(), "task-state")).setHeader("State").setAutoWidth(true);
    if (workload.tasks().stream().anyMatch(t -> t.version() != 1)) {
      tasks.addComponentColumn(t -> {
        Span version = new Span("v" + t.version());
        version.addClassName("task-version");
        return version;
      }).setHeader("Version").setAutoWidth(true);
    }
    if (workload.spec().healthCheck() != null) {
      tasks.addComponentColumn(TaskList::health).setHeader("Health").setAutoWidth(true)
          .setTooltipGenerator(t -> "Checked by: " + workload.spec().healthCheck().describe());
    }
    tasks.addColumn(t -> t.nodeId() == null ? "—" : t.nodeId()).setHeader("Node").setAutoWidth(true);
    if (workload.spec().ports() != null && !workload.spec().ports().isEmpty()) {
      tasks.addComponentColumn(TaskList::endpoints).setHeader("Endpoint").setAutoWidth(true);
    }
    tasks.addColumn(t -> t.startedAt() == null ? "" : time.format(t.startedAt())).setHeader("Started (" + zone.getId() + ")").setAutoWidth(true);
    tasks.addColumn(Task::restarts).setHeader("Restarts").setAutoWidth(true);
    tasks.addColumn(t -> t.reason() == null ? "" : t.reason()).setHeader("Reason").setFlexGrow(1).setTooltipGenerator(t -> t.reason() == null ? "" : t.reason());
    tasks.addComponentColumn(
            t -> {
              Button show = new Button("Log", e -> {
                List<String> lines = logTail.apply(t);
                log.setText(lines.isEmpty() ? "(no output)" : String.join("\n", lines));
                log.setVisible(true);
              });
              show.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
              show.setEnabled(t.handle() != null && !t.state().ended());
              return show;
            })
        .setAutoWidth(true);
    tasks.setItems(workload.tasks());
    add(tasks, log);
  }
}
