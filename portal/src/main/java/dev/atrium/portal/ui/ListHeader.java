package dev.atrium.portal.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import java.util.function.Consumer;

/** The head of a list view: its title, a filter that narrows the grid as one types, and its main action. */
public final class ListHeader {

  private ListHeader() {}

  /**
   * {@code onFilter} gets the filter's text, trimmed and in lower case, after a pause in typing;
   * {@code action} is the view's primary button.
   */
  public static Component of(String title, String filterPlaceholder, Consumer<String> onFilter, Button action) {
    return of(title, filterPlaceholder, onFilter, action, java.util.Optional.empty());
  }

  /** As above; with a {@code refusal}, the action is disabled and says why (see {@link Allowed}). */
  public static Component of(
      String title, String filterPlaceholder, Consumer<String> onFilter, Button action, java.util.Optional<String> refusal) {
    TextField filter = new TextField();
    filter.setPlaceholder(filterPlaceholder);
    filter.setAriaLabel(filterPlaceholder);
    filter.setWidth("20rem");
    filter.addClassName("list-filter");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.addValueChangeListener(e -> onFilter.accept(e.getValue().trim().toLowerCase()));
    action.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout tools = new HorizontalLayout(filter, Allowed.button(action, refusal));
    tools.getStyle().set("flex-wrap", "wrap");
    tools.setWidthFull();
    tools.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
    return new VerticalLayout(new H2(title), tools);
  }
}
