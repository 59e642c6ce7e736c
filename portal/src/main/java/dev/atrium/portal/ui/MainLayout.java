package dev.atrium.portal.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.admin.AuditView;
import dev.atrium.portal.ui.admin.FleetReservationsView;
import dev.atrium.portal.ui.admin.PoolsView;
import dev.atrium.portal.ui.workload.WorkloadsView;
import dev.atrium.portal.ui.admin.TenantsAdminView;
import dev.atrium.portal.ui.reservation.ReservationsView;
import dev.atrium.portal.ui.tenant.MembersView;
import dev.atrium.portal.ui.usage.UsageAdminView;
import dev.atrium.portal.ui.usage.UsageView;
import com.vaadin.flow.router.RouteParameters;
import dev.atrium.tenancy.member.TenantMembership;
import java.util.List;

/** The portal's frame: top bar with the user menu, drawer with the tenant switcher and navigation. */
public class MainLayout extends AppLayout {

  private final SignedInUser user;

  MainLayout(SignedInUser user) {
    this.user = user;
    Caller caller = user.caller();
    List<TenantMembership> tenants = user.tenants();
    setPrimarySection(Section.DRAWER);
    addToNavbar(new DrawerToggle(), userMenu(caller));
    addToDrawer(brand(), tenantSwitcher(tenants), new Scroller(navigation(caller, tenants)));
  }

  private static Div brand() {
    Span mark = new Span("◧");
    mark.getStyle().set("color", "var(--lumo-primary-color)").set("font-size", "1.6em");
    Span name = new Span("Atrium");
    name.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-xl)");
    Div brand = new Div(mark, name);
    brand.getStyle()
        .set("display", "flex")
        .set("align-items", "center")
        .set("gap", "var(--lumo-space-s)")
        .set("padding", "var(--lumo-space-m) var(--lumo-space-l)");
    return brand;
  }

  private Select<TenantMembership> tenantSwitcher(List<TenantMembership> tenants) {
    Select<TenantMembership> switcher = new Select<>();
    switcher.setId("tenant-switcher");
    switcher.setLabel("Tenant");
    switcher.setItems(tenants);
    switcher.setItemLabelGenerator(m -> m.tenant().displayName());
    switcher.setEmptySelectionAllowed(false);
    switcher.setPlaceholder(tenants.isEmpty() ? "No tenant" : "Choose a tenant");
    switcher.setVisible(!tenants.isEmpty());
    CurrentTenant.of(tenants).ifPresent(switcher::setValue);
    switcher.addValueChangeListener(
        e -> {
          if (e.isFromClient() && e.getValue() != null) {
            CurrentTenant.choose(e.getValue().tenant().slug());
            getUI().ifPresent(ui -> ui.getPage().reload());
          }
        });
    switcher.getStyle().set("padding", "0 var(--lumo-space-l)").set("width", "100%").set("box-sizing", "border-box");
    return switcher;
  }

  private static Div navigation(Caller caller, List<TenantMembership> tenants) {
    SideNav main = new SideNav();
    main.addItem(new SideNavItem("Home", HomeView.class, VaadinIcon.HOME.create()));
    Div nav = new Div(main);
    CurrentTenant.of(tenants)
        .ifPresent(
            current -> {
              SideNav tenant = new SideNav(current.tenant().displayName());
              tenant.setId("tenant-nav");
              tenant.addItem(
                  new SideNavItem(
                      "Workloads",
                      WorkloadsView.class,
                      new RouteParameters("slug", current.tenant().slug()),
                      VaadinIcon.CUBES.create()));
              tenant.addItem(
                  new SideNavItem(
                      "Reservations",
                      ReservationsView.class,
                      new RouteParameters("slug", current.tenant().slug()),
                      VaadinIcon.CALENDAR_CLOCK.create()));
              tenant.addItem(
                  new SideNavItem(
                      "Members",
                      MembersView.class,
                      new RouteParameters("slug", current.tenant().slug()),
                      VaadinIcon.USERS.create()));
              tenant.addItem(
                  new SideNavItem(
                      "Usage",
                      UsageView.class,
                      new RouteParameters("slug", current.tenant().slug()),
                      VaadinIcon.CHART.create()));
              nav.add(tenant);
            });
    if (caller.isPlatformAdmin()) {
      SideNav platform = new SideNav("Platform");
      platform.setId("platform-nav");
      platform.addItem(new SideNavItem("Tenants", TenantsAdminView.class, VaadinIcon.BUILDING.create()));
      platform.addItem(new SideNavItem("Pools and nodes", PoolsView.class, VaadinIcon.SERVER.create()));
      platform.addItem(new SideNavItem("Reservations", FleetReservationsView.class, VaadinIcon.CALENDAR_CLOCK.create()));
      platform.addItem(new SideNavItem("Usage", UsageAdminView.class, VaadinIcon.CHART.create()));
      platform.addItem(new SideNavItem("Audit log", AuditView.class, VaadinIcon.RECORDS.create()));
      nav.add(platform);
    }
    nav.getStyle().set("padding", "var(--lumo-space-s)").set("display", "flex").set("flex-direction", "column")
        .set("gap", "var(--lumo-space-m)");
    return nav;
  }

  private HorizontalLayout userMenu(Caller caller) {
    Avatar avatar = new Avatar(caller.displayName());
    avatar.addThemeVariants(com.vaadin.flow.component.avatar.AvatarVariant.LUMO_SMALL);
    MenuBar menu = new MenuBar();
    menu.setId("user-menu");
    menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
    var item = menu.addItem(new HorizontalLayout(avatar, new Span(caller.displayName())));
    item.getSubMenu().addItem("Sign out", e -> user.signOut()).setId("sign-out");
    HorizontalLayout bar = new HorizontalLayout(menu);
    bar.setWidthFull();
    bar.setJustifyContentMode(FlexComponent.JustifyContentMode.END);
    bar.getStyle().set("padding-right", "var(--lumo-space-m)");
    return bar;
  }
}
