package dev.atrium.portal.ui;

import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;

/**
 * A grid row's actions as one "⋮" menu: it fits a narrow column that is never clipped, however many
 * actions the row has, and keyboard and screen readers reach each entry.
 */
public final class RowActions {

  private final MenuBar menu = new MenuBar();
  private final SubMenu items;

  /** {@code id}: the menu's element id; {@code label}: what the button is, e.g. "Actions for web". */
  public RowActions(String id, String label) {
    menu.setId(id);
    menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_ICON);
    MenuItem top = menu.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
    top.getElement().setAttribute("aria-label", label);
    menu.setTooltipText(top, label);
    items = top.getSubMenu();
  }

  public SubMenu items() {
    return items;
  }

  /** An entry that changes or removes something, in the error colour. */
  public static MenuItem destructive(MenuItem item) {
    item.getElement().getStyle().set("color", "var(--lumo-error-text-color)");
    return item;
  }

  public MenuBar menu() {
    return menu;
  }
}
