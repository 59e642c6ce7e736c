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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;

/**
 * The portal's frame: top bar with the user menu, drawer with the tenant switcher and navigation. The
 * drawer follows the URL: on a tenant's page the switcher and the tenant's section name that tenant,
 * and a platform admin looking at a tenant they do not belong to is told whose data it is.
 */
public class MainLayout extends AppLayout implements AfterNavigationObserver {

  private static final Pattern TENANT_PAGE = Pattern.compile("^tenants/([^/]+)(/.*)?$");

  private final SignedInUser user;
  private final TenantService tenantService;
  private final Select<TenantMembership> switcher = new Select<>();
  private final Span viewing = new Span();
  private final Div tenantSection = new Div();

  MainLayout(SignedInUser user, TenantService tenantService) {
    this.user = user;
    this.tenantService = tenantService;
    Caller caller = user.caller();
    List<TenantMembership> tenants = user.tenants();
    setPrimarySection(Section.DRAWER);
    addToNavbar(new DrawerToggle(), userMenu(caller));
    configureSwitcher(tenants);
    viewing.setId("viewing-tenant");
    viewing.setVisible(false);
    viewing.getStyle().set("padding", "0 var(--lumo-space-l)").set("font-size", "var(--lumo-font-size-s)")
        .set("color", "var(--lumo-secondary-text-color)");
    CurrentTenant.of(tenants).ifPresent(m -> showTenant(m.tenant().slug(), m.tenant().displayName()));
    addToDrawer(brand(), switcher, viewing, new Scroller(navigation(caller)));
  }

  @Override
  public void afterNavigation(AfterNavigationEvent event) {
    // Memberships may have changed since the frame was built (a new tenant, a role, a name).
    List<TenantMembership> tenants = user.tenants();
    switcher.setItems(tenants);
    switcher.setVisible(!tenants.isEmpty());
    Matcher page = TENANT_PAGE.matcher(event.getLocation().getPath());
    String slug = page.matches() ? page.group(1) : CurrentTenant.of(tenants).map(m -> m.tenant().slug()).orElse(null);
    Optional<TenantMembership> member = tenants.stream().filter(m -> m.tenant().slug().equals(slug)).findFirst();
    viewing.setVisible(false);
    if (member.isPresent()) {
      if (page.matches()) {
        CurrentTenant.choose(slug);
      }
      switcher.setValue(member.get());
      showTenant(slug, member.get().tenant().displayName());
    } else if (page.matches() && user.caller().isPlatformAdmin()) {
      switcher.clear(); // none of theirs is shown: choosing one of them must take them there
      try {
        Tenant tenant = tenantService.get(user.caller().actor(), slug).tenant();
        viewing.setText("Viewing " + tenant.displayName() + " as a platform admin");
        viewing.setVisible(true);
        showTenant(slug, tenant.displayName());
      } catch (NotFoundException gone) {
        showTenant(null, null); // the view shows its not-found page
      }
    } else {
      showTenant(null, null);
    }
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

  /** Choosing a tenant opens the same view of it; outside a tenant's pages, the page shows it anew. */
  private void configureSwitcher(List<TenantMembership> tenants) {
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
          if (!e.isFromClient() || e.getValue() == null) {
            return;
          }
          String slug = e.getValue().tenant().slug();
          CurrentTenant.choose(slug);
          getUI().ifPresent(ui -> {
            Matcher page = TENANT_PAGE.matcher(ui.getInternals().getActiveViewLocation().getPath());
            if (page.matches()) {
              ui.navigate("tenants/" + slug + (page.group(2) == null ? "" : page.group(2)));
            } else {
              ui.getPage().reload();
            }
          });
        });
    switcher.getStyle().set("padding", "0 var(--lumo-space-l)").set("width", "100%").set("box-sizing", "border-box");
  }

  private Div navigation(Caller caller) {
    SideNav main = new SideNav();
    main.addItem(new SideNavItem("Home", HomeView.class, VaadinIcon.HOME.create()));
    Div nav = new Div(main, tenantSection);
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

  /** The slug whose section the drawer shows now (null: none). */
  private String shownSlug;

  /**
   * The drawer's section of the tenant's own pages (none for a null slug). Rebuilt only when the
   * tenant changes, so that keyboard focus on an item stays where it was.
   */
  private void showTenant(String slug, String displayName) {
    if (java.util.Objects.equals(slug, shownSlug)) {
      return;
    }
    shownSlug = slug;
    tenantSection.removeAll();
    if (slug == null) {
      return;
    }
    SideNav tenant = new SideNav(displayName);
    tenant.setId("tenant-nav");
    RouteParameters of = new RouteParameters("slug", slug);
    tenant.addItem(new SideNavItem("Workloads", WorkloadsView.class, of, VaadinIcon.CUBES.create()));
    tenant.addItem(new SideNavItem("Reservations", ReservationsView.class, of, VaadinIcon.CALENDAR_CLOCK.create()));
    tenant.addItem(new SideNavItem("Members", MembersView.class, of, VaadinIcon.USERS.create()));
    tenant.addItem(new SideNavItem("Usage", UsageView.class, of, VaadinIcon.CHART.create()));
    tenantSection.add(tenant);
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
