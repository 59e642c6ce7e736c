package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
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
import dev.atrium.cluster.pool.Amounts;
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
import java.util.List;
import java.util.Map;

/**
 * Platform admins: every recorded change, newest first, filtered by tenant, actor and time (UTC);
 * each shows what it changed, field by field. Pages of 100 load on demand; the filtered log
 * downloads as CSV.
 */
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
  private final java.util.List<AuditEvent> shown = new java.util.ArrayList<>();
  private final com.vaadin.flow.component.button.Button more = new com.vaadin.flow.component.button.Button("Show 100 more");
  private final Span count = new Span();
  private String nextCursor;
  static final int PAGE = 100;

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
    more.setId("audit-more");
    more.addClickListener(e -> loadMore());
    count.setId("audit-count");
    count.getStyle().set("color", "var(--lumo-secondary-text-color)");
    HorizontalLayout foot = new HorizontalLayout(count, more);
    foot.setAlignItems(FlexComponent.Alignment.CENTER);
    add(new H2("Audit log"), filters(), grid, foot);
    refresh();
  }

  private Component filters() {
    tenant.addValueChangeListener(e -> refresh());
    who.addValueChangeListener(e -> refresh());
    from.addValueChangeListener(e -> refresh());
    to.addValueChangeListener(e -> refresh());
    com.vaadin.flow.component.html.Anchor export =
        new com.vaadin.flow.component.html.Anchor(
            (com.vaadin.flow.server.streams.DownloadHandler) event -> {
              event.setFileName("atrium-audit.csv");
              event.setContentType("text/csv; charset=UTF-8");
              audit.writeCsv(actor(), query(), event.getWriter());
            },
            "Export CSV");
    export.setId("audit-export");
    export.getElement().setAttribute("download", true);
    export.getElement().setAttribute("title", "The changes these filters match, all of them, as CSV");
    for (DateTimePicker picker : List.of(from, to)) { // fits a phone's width
      picker.getStyle().set("max-width", "100%");
    }
    HorizontalLayout bar = new HorizontalLayout(tenant, who, from, to, export);
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
    grid.addComponentColumn(AuditView::changes).setHeader("What changed").setWidth("24rem").setFlexGrow(1);
    grid.setEmptyStateText("No change matches these filters. Clear a filter to see more.");
  }

  private AuditQuery query() {
    return new AuditQuery(
        tenant.getValue(),
        who.getValue().isBlank() ? null : who.getValue().trim(),
        from.getValue() == null ? null : from.getValue().toInstant(ZoneOffset.UTC),
        to.getValue() == null ? null : to.getValue().toInstant(ZoneOffset.UTC));
  }

  /** The first page of what the filters match. */
  private void refresh() {
    shown.clear();
    nextCursor = null;
    load(PageRequest.first(PAGE));
  }

  private void loadMore() {
    if (nextCursor != null) {
      load(PageRequest.of(nextCursor, PAGE));
    }
  }

  private void load(PageRequest page) {
    ServerErrors.run(() -> {
      var events = audit.query(actor(), query(), page);
      shown.addAll(events.items());
      nextCursor = events.nextCursor();
    }, Map.of("to", to), null);
    grid.setItems(shown);
    more.setVisible(nextCursor != null);
    count.setText(shown.isEmpty() ? "" : nextCursor == null
        ? "All " + shown.size() + " matching changes, newest first"
        : "The newest " + shown.size() + " matching changes");
  }

  /** A millicore or MiB figure as people read it ("2 cores", "4 GiB"); anything else as recorded. */
  private static String amount(String field, String value) {
    try {
      if (field.endsWith("cpuMillis")) {
        return Amounts.cpu(Long.parseLong(value));
      }
      if (field.endsWith("memoryMiB")) {
        return Amounts.memory(Long.parseLong(value));
      }
    } catch (NumberFormatException notANumber) {
      // shown as recorded
    }
    return value;
  }

  /** Each changed field on a line: its old value struck through, its new one beside it. */
  private static Component changes(AuditEvent e) {
    java.util.List<AuditDiff.Change> changes = AuditDiff.of(e.before(), e.after());
    com.vaadin.flow.component.html.Div lines = new com.vaadin.flow.component.html.Div();
    lines.addClassName("audit-changes");
    lines.getStyle().set("font-size", "var(--lumo-font-size-s)");
    if (changes.isEmpty()) {
      lines.add(new Span("—"));
    }
    for (AuditDiff.Change c : changes) {
      com.vaadin.flow.component.html.Div line = new com.vaadin.flow.component.html.Div();
      line.addClassName("audit-change");
      Span field = new Span(c.field().isEmpty() ? "" : c.field().replace("cpuMillis", "CPU").replace("memoryMiB", "memory") + ": ");
      field.getStyle().set("color", "var(--lumo-secondary-text-color)");
      line.add(field);
      if (c.before() != null) {
        Span was = new Span(amount(c.field(), c.before()));
        was.getStyle().set("text-decoration", "line-through").set("color", "var(--lumo-error-text-color)");
        line.add(was);
      }
      if (c.before() != null && c.after() != null) {
        line.add(new Span(" → "));
      }
      if (c.after() != null) {
        Span is = new Span(amount(c.field(), c.after()));
        is.getStyle().set("color", "var(--lumo-success-text-color)");
        line.add(is);
      }
      lines.add(line);
    }
    return lines;
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
