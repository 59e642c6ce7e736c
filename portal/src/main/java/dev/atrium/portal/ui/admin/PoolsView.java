package dev.atrium.portal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Pool;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.portal.security.Caller;
import dev.atrium.portal.ui.Cards;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.Quantities;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.function.ToLongFunction;

/** Platform admins: each pool with its driver, whether it works and how full it is; its nodes. */
@Route(value = "admin/pools", layout = MainLayout.class)
@PageTitle("Pools and nodes · Atrium")
@RolesAllowed(Caller.PLATFORM_ADMIN)
public class PoolsView extends VerticalLayout {

  private final Fleet fleet;
  private final Grid<Node> nodes = new Grid<>();

  PoolsView(Fleet fleet) {
    this.fleet = fleet;
    setSizeFull();
    List<Pool> pools = fleet.pools();
    Grid<Pool> poolGrid = new Grid<>();
    poolGrid.setId("pools-grid");
    poolGrid.setAllRowsVisible(true);
    poolGrid.addColumn(Pool::name).setHeader("Pool").setSortable(true).setAutoWidth(true);
    poolGrid.addColumn(Pool::driver).setHeader("Driver").setSortable(true).setAutoWidth(true);
    poolGrid.addComponentColumn(p -> p.unavailableReason() == null ? Cards.badge("available", "success") : unavailable(p))
        .setHeader("Status")
        .setFlexGrow(1);
    poolGrid.addColumn(Pool::nodes).setHeader("Nodes").setSortable(true).setAutoWidth(true);
    poolGrid.addComponentColumn(p -> usage(p.allocated(), p.capacity(), Resources::cpuMillis, Quantities::cpu)).setHeader("CPU allocated").setWidth("14rem");
    poolGrid.addComponentColumn(p -> usage(p.allocated(), p.capacity(), Resources::memoryMiB, Quantities::memory)).setHeader("Memory allocated").setWidth("14rem");
    poolGrid.addColumn(p -> p.allocated().gpus() + " / " + p.capacity().gpus()).setHeader("GPUs").setAutoWidth(true);
    poolGrid.setItems(pools);
    poolGrid.setEmptyStateText("No pool is configured; see atrium.cluster.pools in the README.");

    Select<String> pool = new Select<>();
    pool.setLabel("Nodes of pool");
    pool.setItems(pools.stream().map(Pool::name).toList());
    pool.addValueChangeListener(e -> nodes.setItems(fleet.nodes(e.getValue())));
    configureNodes();
    add(new H2("Pools and nodes"), poolGrid, new H3("Nodes"), pool, nodes);
    if (!pools.isEmpty()) {
      pool.setValue(pools.get(0).name());
    }
  }

  private void configureNodes() {
    nodes.setId("nodes-grid");
    nodes.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    nodes.addColumn(Node::name).setHeader("Node").setSortable(true).setAutoWidth(true);
    nodes.addComponentColumn(n -> Cards.badge(n.state().name(), n.state().name().equals("READY") ? "success" : "error")).setHeader("State").setAutoWidth(true);
    nodes.addComponentColumn(n -> usage(n.allocated(), n.capacity(), Resources::cpuMillis, Quantities::cpu)).setHeader("CPU").setWidth("14rem");
    nodes.addComponentColumn(n -> usage(n.allocated(), n.capacity(), Resources::memoryMiB, Quantities::memory)).setHeader("Memory").setWidth("14rem");
    nodes.addColumn(n -> n.allocated().gpus() + " / " + n.capacity().gpus()).setHeader("GPUs").setSortable(true).setAutoWidth(true);
    nodes.addColumn(n -> n.labels().toString()).setHeader("Labels").setFlexGrow(1);
    nodes.setEmptyStateText("This pool has no nodes: its driver offers none (see the pool's status above).");
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
    Span text = new Span(format.apply(u) + " of " + format.apply(t));
    text.getStyle().set("font-size", "var(--lumo-font-size-xs)");
    VerticalLayout cell = new VerticalLayout(text, bar);
    cell.setPadding(false);
    cell.setSpacing(false);
    return cell;
  }
}
