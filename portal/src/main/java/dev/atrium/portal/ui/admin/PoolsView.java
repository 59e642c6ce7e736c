package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import dev.atrium.portal.ui.KeyedRows;
import dev.atrium.portal.ui.RowActions;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.NodeService;
import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.pool.Pool;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.LiveUpdates;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.cluster.pool.Amounts;
import dev.atrium.portal.ui.ServerErrors;
import dev.atrium.portal.ui.SignedInUser;
import dev.atrium.tenancy.access.Actor;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Platform admins: each pool with its driver, whether it works and how full it is; its nodes, which
 * they drain, mark down and return to service. Allocation and node states change live.
 */
@Route(value = "admin/pools", layout = MainLayout.class)
@PageTitle("Pools and nodes · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class PoolsView extends VerticalLayout {

  private final Fleet fleet;
  private final NodeService nodeService;
  private final SignedInUser signedIn;
  private final Grid<Pool> pools = new Grid<>();
  private final Grid<Node> nodes = new Grid<>();
  // Keyed by node id: a live refresh re-renders only the nodes that changed.
  private final KeyedRows<Node> nodeRows = new KeyedRows<>(Node::id);
  private final Select<String> pool = new Select<>();

  PoolsView(Fleet fleet, NodeService nodeService, SignedInUser user, LiveUpdates updates) {
    this.fleet = fleet;
    this.nodeService = nodeService;
    this.signedIn = user;
    setSizeFull();
    configurePools();
    configureNodes();
    pool.setId("node-pool");
    pool.setLabel("Nodes of pool");
    pool.addValueChangeListener(e -> showNodes());
    add(new H2("Pools and nodes"), pools, new H3("Nodes"), pool, nodes);
    List<Pool> all = fleet.pools();
    pools.setItems(all);
    pool.setItems(all.stream().map(Pool::name).toList());
    // The first pool that has nodes, rather than one whose engine offers none.
    all.stream().filter(p -> p.nodes() > 0).findFirst().or(() -> all.stream().findFirst()).ifPresent(p -> pool.setValue(p.name()));
    updates.whileAttached(this, LiveUpdates.Topic.FLEET, () -> null, this::refresh);
  }

  private void refresh() {
    List<Pool> now = fleet.pools();
    if (!now.equals(pools.getListDataView().getItems().toList())) {
      pools.setItems(now);
    }
    showNodes();
  }

  private void showNodes() {
    nodeRows.show(pool.getValue() == null ? List.of() : fleet.nodes(pool.getValue()));
  }

  private void configurePools() {
    pools.setId("pools-grid");
    pools.setAllRowsVisible(true);
    pools.addColumn(Pool::name).setHeader("Pool").setSortable(true).setAutoWidth(true);
    pools.addColumn(Pool::driver).setHeader("Driver").setSortable(true).setAutoWidth(true);
    pools.addComponentColumn(p -> p.unavailableReason() == null ? Cards.badge("available", "success") : unavailable(p))
        .setHeader("Status")
        .setFlexGrow(1);
    pools.addColumn(Pool::nodes).setHeader("Nodes").setSortable(true).setAutoWidth(true);
    pools.addComponentColumn(p -> usage(p.allocated(), p.capacity(), Resources::cpuMillis, Amounts::cpu)).setHeader("CPU allocated").setWidth("14rem");
    pools.addComponentColumn(p -> usage(p.allocated(), p.capacity(), Resources::memoryMiB, Amounts::memory)).setHeader("Memory allocated").setWidth("14rem");
    pools.addColumn(p -> p.allocated().gpus() + " / " + p.capacity().gpus()).setHeader("GPUs").setAutoWidth(true);
    pools.setEmptyStateText("No pool is configured; see atrium.cluster.pools in the README.");
  }

  private void configureNodes() {
    nodes.setId("nodes-grid");
    nodes.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    nodes.addColumn(Node::name).setHeader("Node").setSortable(true).setWidth("9rem").setFlexGrow(0);
    nodes.addComponentColumn(PoolsView::state).setHeader("State").setAutoWidth(true);
    nodes.addComponentColumn(n -> usage(n.allocated(), n.capacity(), Resources::cpuMillis, Amounts::cpu)).setHeader("CPU").setWidth("14rem");
    nodes.addComponentColumn(n -> usage(n.allocated(), n.capacity(), Resources::memoryMiB, Amounts::memory)).setHeader("Memory").setWidth("14rem");
    nodes.addColumn(n -> n.allocated().gpus() + " / " + n.capacity().gpus()).setHeader("GPUs").setSortable(true).setAutoWidth(true);
    nodes.addColumn(n -> n.booked().equals(Resources.NONE) ? "" : Amounts.cpu(n.booked().cpuMillis()) + " · " + Amounts.memory(n.booked().memoryMiB())
            + (n.booked().gpus() > 0 ? " · " + n.booked().gpus() + " GPU" : ""))
        .setHeader("Booked ahead")
        .setTooltipGenerator(n -> "the most that reservations keep on this node at once, from now on")
        .setAutoWidth(true);
    nodes.addColumn(n -> n.labels().toString()).setHeader("Labels").setFlexGrow(1).setTooltipGenerator(n -> n.labels().toString());
    nodes.addComponentColumn(this::actions).setHeader("").setWidth("4.5rem").setFlexGrow(0).setFrozenToEnd(true);
    nodes.setItems(nodeRows);
    nodes.setEmptyStateText("This pool has no nodes: its driver offers none (see the pool's status above).");
  }

  private static Component state(Node node) {
    if (!node.present()) {
      Span gone = Cards.badge("GONE", "error");
      gone.addClassName("node-state");
      gone.setTitle("Left its pool's engine; " + node.state().name() + " when it is back");
      return gone;
    }
    Span badge = Cards.badge(node.state().name(), node.state() == NodeState.READY ? "success" : node.state() == NodeState.DRAINING ? "contrast" : "error");
    badge.addClassName("node-state");
    if (node.stateReason() != null) {
      badge.setTitle(node.stateReason());
    }
    return badge;
  }

  /** A node's state changes, in a menu that is never clipped; each asks for a confirmation. */
  private Component actions(Node node) {
    RowActions actions = new RowActions("actions-" + node.name(), "Actions for " + node.name());
    var items = actions.items();
    if (node.state() != NodeState.DRAINING && node.present()) {
      action(items, node, NodeState.DRAINING, "Drain", "Drain " + node.name() + "?",
          "Nothing new is placed on it. Its services move to other nodes, each replacement running before the old task stops;"
              + " its jobs run out.", "primary");
    }
    if (node.state() != NodeState.DOWN) {
      action(items, node, NodeState.DOWN, "Mark down", "Mark " + node.name() + " down?",
          "Everything running on it is lost at once; services are replaced on other nodes, jobs are not.", "error primary");
    }
    if (node.state() != NodeState.READY && node.present()) {
      action(items, node, NodeState.READY, "Ready", "Return " + node.name() + " to service?",
          "New tasks may be placed on it again.", "primary");
    }
    return actions.menu();
  }

  private void action(SubMenu items, Node node, NodeState to, String label, String header, String text, String theme) {
    MenuItem item = items.addItem(label + "…", e -> {
      ConfirmDialog confirm = new ConfirmDialog();
      confirm.setHeader(header);
      confirm.setText(text);
      confirm.setCancelable(true);
      confirm.setConfirmText(label);
      confirm.setConfirmButtonTheme(theme);
      confirm.addConfirmListener(ok -> {
        if (ServerErrors.run(() -> nodeService.changeState(actor(), node.pool(), node.name(), to.name()), Map.of(), null)) {
          ServerErrors.success(node.name() + " is " + to.name());
        }
        refresh();
      });
      confirm.open();
    });
    item.setId(label.toLowerCase().replace(' ', '-') + "-" + node.name());
    if (to == NodeState.DOWN) {
      RowActions.destructive(item);
    }
  }

  private static Component unavailable(Pool pool) {
    Span reason = new Span(pool.unavailableReason());
    reason.getStyle().set("color", "var(--lumo-error-text-color)").set("white-space", "normal");
    return reason;
  }

  private static Component usage(Resources used, Resources total, ToLongFunction<Resources> of, java.util.function.LongFunction<String> format) {
    long u = of.applyAsLong(used);
    long t = of.applyAsLong(total);
    ProgressBar bar = new ProgressBar(0, Math.max(1, t), Math.min(u, Math.max(1, t)));
    bar.getElement().setAttribute("aria-label", format.apply(u) + " of " + format.apply(t) + " allocated");
    Span text = new Span(format.apply(u) + " of " + format.apply(t));
    text.getStyle().set("font-size", "var(--lumo-font-size-xs)");
    VerticalLayout cell = new VerticalLayout(text, bar);
    cell.setPadding(false);
    cell.setSpacing(false);
    return cell;
  }

  /** Read for each action: the session's platform roles may have changed since the view opened. */
  private Actor actor() {
    return signedIn.caller().actor();
  }
}
