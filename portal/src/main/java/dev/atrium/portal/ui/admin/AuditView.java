package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.audit.AuditEvent;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.audit.AuditQuery;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.TenantService;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Platform admins: every recorded change, newest first, filtered by tenant, actor and time (UTC). */
@Route(value = "admin/audit", layout = MainLayout.class)
@PageTitle("Audit · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class AuditView extends VerticalLayout {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final AuditLog audit;
  private final SignedInUser signedIn;
  private final Grid<AuditEvent> grid = new Grid<>();
  private final ComboBox<String> tenant = new ComboBox<>("Tenant");
  private final TextField who = new TextField("Actor");
  private final DateTimePicker from = new DateTimePicker("From (UTC)");
  private final DateTimePicker to = new DateTimePicker("To (UTC)");

  AuditView(AuditLog audit, TenantService tenants, SignedInUser user) {
    this.audit = audit;
    this.signedIn = user;
    setSizeFull();
    tenant.setItems(tenants.list(actor(), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream().map(d -> d.tenant().slug()).toList());
    tenant.setClearButtonVisible(true);
    tenant.setId("audit-tenant");
    who.setClearButtonVisible(true);
    who.setValueChangeMode(ValueChangeMode.LAZY);
    configureGrid();
    add(new H2("Audit log"), filters(), grid);
    refresh();
  }

  private Component filters() {
    tenant.addValueChangeListener(e -> refresh());
    who.addValueChangeListener(e -> refresh());
    from.addValueChangeListener(e -> refresh());
    to.addValueChangeListener(e -> refresh());
    HorizontalLayout bar = new HorizontalLayout(tenant, who, from, to);
    bar.setAlignItems(FlexComponent.Alignment.BASELINE);
    bar.setWrap(true);
    return bar;
  }

  private void configureGrid() {
    grid.setId("audit-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(e -> TIME.format(e.occurredAt())).setHeader("When").setSortable(true).setComparator(AuditEvent::id).setAutoWidth(true);
    grid.addColumn(AuditEvent::actor).setHeader("Actor").setSortable(true).setAutoWidth(true);
    grid.addColumn(e -> e.tenant() == null ? "" : e.tenant()).setHeader("Tenant").setSortable(true).setAutoWidth(true);
    grid.addComponentColumn(e -> Cards.badge(e.action(), "")).setHeader("Action").setComparator(AuditEvent::action).setAutoWidth(true);
    grid.addColumn(AuditEvent::target).setHeader("Target").setAutoWidth(true);
    grid.addComponentColumn(e -> json(e.before())).setHeader("Before").setWidth("16rem").setFlexGrow(1);
    grid.addComponentColumn(e -> json(e.after())).setHeader("After").setWidth("16rem").setFlexGrow(1);
    grid.setEmptyStateText("No change matches these filters. Clear a filter to see more.");
  }

  private void refresh() {
    AuditQuery query =
        new AuditQuery(
            tenant.getValue(),
            who.getValue().isBlank() ? null : who.getValue().trim(),
            from.getValue() == null ? null : from.getValue().toInstant(ZoneOffset.UTC),
            to.getValue() == null ? null : to.getValue().toInstant(ZoneOffset.UTC));
    ServerErrors.run(() -> grid.setItems(audit.query(actor(), query, PageRequest.first(PageRequest.MAX_LIMIT)).items()), Map.of("to", to), null);
  }

  private static Component json(String value) {
    Pre pre = new Pre(value == null ? "—" : value);
    pre.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap");
    return pre;
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
