package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.atrium.cluster.workload.Rollout;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.portal.ui.Cards;

/**
 * A service's rollout of its current version, pushed live: how many of its instances run the new
 * version (a bar), how many old ones are left, why it waits or stopped; Pause, Resume and Rollback.
 */
class RolloutPanel extends VerticalLayout {

  /** What the panel's buttons do: the view calls the services and refreshes. */
  interface Actions {
    void pause(Workload workload, boolean paused);

    void rollback(Workload workload);
  }

  /** {@code actions}: null for a person who may only look. */
  RolloutPanel(Workload w, Actions actions) {
    Rollout rollout = w.rollout();
    String name = w.spec().name();
    int instances = w.spec().instances();
    setPadding(false);
    setSpacing(false);
    addClassName("rollout");

    Span version = Cards.badge("version " + rollout.version(), "");
    version.addClassName("rollout-version");
    Span state = badge(rollout.state());
    state.addClassName("rollout-state");
    Span counts = new Span(w.updated() + " of " + instances + " updated · " + w.old() + " old · " + w.available() + " running");
    counts.addClassName("rollout-counts");
    counts.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    HorizontalLayout line = new HorizontalLayout(version, state, counts);
    line.setAlignItems(FlexComponent.Alignment.CENTER);

    if (actions != null && rollout.state() == RolloutState.PROGRESSING) {
      line.add(button("Pause", VaadinIcon.PAUSE, "rollout-pause-" + name, e -> actions.pause(w, true)));
    } else if (actions != null && rollout.state() == RolloutState.PAUSED) {
      line.add(button("Resume", VaadinIcon.STEP_FORWARD, "rollout-resume-" + name, e -> actions.pause(w, false)));
    }
    if (actions != null && rollout.previousVersion() != null) {
      Button back = button("Roll back to version " + rollout.previousVersion(), VaadinIcon.ROTATE_LEFT, "rollback-" + name, e -> confirmRollback(w, actions));
      back.addThemeVariants(ButtonVariant.LUMO_ERROR);
      line.add(back);
    }
    add(line);

    ProgressBar bar = new ProgressBar(0, Math.max(1, instances), instances == 0 ? 1 : Math.min(w.updated(), instances));
    bar.addClassName("rollout-bar");
    bar.getElement().setAttribute("aria-label", "Rollout of version " + rollout.version() + ": " + w.updated() + " of " + instances + " updated");
    bar.setWidth("24rem");
    if (rollout.state() == RolloutState.FAILED) {
      bar.addThemeVariants(com.vaadin.flow.component.progressbar.ProgressBarVariant.LUMO_ERROR);
    } else if (rollout.state() == RolloutState.COMPLETE) {
      bar.addThemeVariants(com.vaadin.flow.component.progressbar.ProgressBarVariant.LUMO_SUCCESS);
    }
    add(bar);
    if (rollout.reason() != null) {
      Span reason = new Span(rollout.reason());
      reason.addClassName("rollout-reason");
      reason.getStyle().set("font-size", "var(--lumo-font-size-s)")
          .set("color", rollout.state() == RolloutState.FAILED ? "var(--lumo-error-text-color)" : "var(--lumo-secondary-text-color)");
      add(reason);
    }
  }

  /** The rollout's state in the grid's row, while one is not complete: "rolling out 1/3", "paused", "rollout failed". */
  static Span summary(Workload w) {
    Rollout rollout = w.rollout();
    String text = switch (rollout.state()) {
      case PROGRESSING -> "v" + rollout.version() + " rolling out " + w.updated() + "/" + w.spec().instances();
      case PAUSED -> "v" + rollout.version() + " paused " + w.updated() + "/" + w.spec().instances();
      case FAILED -> "v" + rollout.version() + " failed";
      case COMPLETE -> "";
    };
    Span badge = Cards.badge(text, rollout.state() == RolloutState.FAILED ? "error" : "contrast");
    badge.addClassName("rollout-summary");
    if (rollout.reason() != null) {
      badge.getElement().setAttribute("title", rollout.reason());
    }
    return badge;
  }

  private static Span badge(RolloutState state) {
    String theme = switch (state) {
      case COMPLETE -> "success";
      case FAILED -> "error";
      case PAUSED -> "contrast";
      case PROGRESSING -> "";
    };
    return Cards.badge(state.name(), theme);
  }

  private static Button button(String text, VaadinIcon icon, String id, com.vaadin.flow.component.ComponentEventListener<com.vaadin.flow.component.ClickEvent<Button>> click) {
    Button button = new Button(text, icon.create(), click);
    button.setId(id);
    button.addThemeVariants(ButtonVariant.LUMO_SMALL);
    return button;
  }

  private static void confirmRollback(Workload w, Actions actions) {
    Rollout rollout = w.rollout();
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setHeader("Roll " + w.spec().name() + " back to version " + rollout.previousVersion() + "?");
    confirm.setText("Version " + rollout.previousVersion() + " is rolled out like an update: its tasks start beside those of version "
        + rollout.version() + " and replace them, within the rollout's surge and unavailability.");
    confirm.setCancelable(true);
    confirm.setConfirmText("Roll back");
    confirm.setConfirmButtonTheme("error primary");
    confirm.addConfirmListener(e -> actions.rollback(w));
    confirm.open();
  }
}
