package dev.atrium.portal.ui;

import dev.atrium.cluster.pool.Amounts;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.atrium.cluster.pool.Pool;
import dev.atrium.cluster.workload.Waiting;
import dev.atrium.portal.ui.admin.PoolsView;
import dev.atrium.portal.ui.usage.UsageView;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.TenantDetails;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet at a glance, for a platform admin's home: how full each pool is, what waiting tasks wait
 * for, and which tenants are near their quota.
 */
final class FleetGlance extends Div {

  /** A tenant holding this share of any limit is near its quota. */
  static final double NEAR = 0.8;

  FleetGlance(List<Pool> pools, List<Waiting> waiting, List<TenantDetails> tenants) {
    setId("fleet-glance");
    getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)").set("width", "100%");
    Div poolList = new Div();
    pools.forEach(p -> poolList.add(pool(p)));
    poolList.add(new RouterLink("Pools and nodes", PoolsView.class));
    for (Div card : List.of(
        card("Pools", "pools-card", poolList),
        card("Waiting tasks", "waiting-card", waiting(waiting)),
        card("Tenants near their quota", "near-quota-card", nearQuota(tenants)))) {
      card.getStyle().set("flex", "1 1 18rem").set("box-sizing", "border-box");
      add(card);
    }
  }

  private static Div pool(Pool pool) {
    Span name = new Span(pool.name() + " · " + pool.nodes() + (pool.nodes() == 1 ? " node" : " nodes"));
    name.getStyle().set("font-weight", "600");
    Div block = new Div(name);
    block.addClassName("pool-glance");
    block.getElement().setAttribute("data-pool", pool.name());
    if (pool.unavailableReason() != null) {
      Span why = new Span("unavailable: " + pool.unavailableReason());
      why.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size", "var(--lumo-font-size-s)").set("display", "block");
      block.add(why);
      return block;
    }
    block.add(bar("CPU", pool.allocated().cpuMillis(), pool.capacity().cpuMillis(), Amounts.cpu(pool.allocated().cpuMillis()) + " of " + Amounts.cpu(pool.capacity().cpuMillis())));
    block.add(bar("Memory", pool.allocated().memoryMiB(), pool.capacity().memoryMiB(),
        Amounts.memory(pool.allocated().memoryMiB()) + " of " + Amounts.memory(pool.capacity().memoryMiB())));
    return block;
  }

  private static Div bar(String label, long used, long total, String text) {
    ProgressBar bar = new ProgressBar(0, Math.max(1, total), Math.min(used, Math.max(1, total)));
    bar.getElement().setAttribute("aria-label", label + " allocated: " + text);
    if (total > 0 && used >= NEAR * total) {
      bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
    }
    Span words = new Span(label + " " + text);
    words.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
    return new Div(words, bar);
  }

  private static Div waiting(List<Waiting> waiting) {
    Div list = new Div();
    if (waiting.isEmpty()) {
      list.add(new Span("Nothing waits: every task admitted is placed."));
    }
    for (Waiting w : waiting) {
      Span count = Cards.badge(Integer.toString(w.tasks()), "contrast");
      Span reason = new Span(" " + w.reason());
      Div line = new Div(count, reason);
      line.addClassName("waiting-reason");
      line.getStyle().set("font-size", "var(--lumo-font-size-s)").set("margin", "var(--lumo-space-xs) 0");
      list.add(line);
    }
    return list;
  }

  private static Div nearQuota(List<TenantDetails> tenants) {
    Div list = new Div();
    List<TenantDetails> near = tenants.stream()
        .filter(t -> share(t) >= NEAR)
        .sorted(Comparator.comparingDouble(FleetGlance::share).reversed())
        .limit(8)
        .toList();
    if (near.isEmpty()) {
      list.add(new Span("No tenant holds " + Math.round(NEAR * 100) + "% or more of any limit."));
    }
    for (TenantDetails t : near) {
      RouterLink usage = new RouterLink(t.tenant().displayName(), UsageView.class, new RouteParameters("slug", t.tenant().slug()));
      Span percent = Cards.badge(Math.round(share(t) * 100) + "% of its " + mostUsed(t), share(t) >= 1 ? "error" : "contrast");
      Div line = new Div(usage, new Span(" "), percent);
      line.addClassName("near-quota");
      line.getStyle().set("margin", "var(--lumo-space-xs) 0");
      list.add(line);
    }
    return list;
  }

  /** The largest share of a limit the tenant holds now. */
  static double share(TenantDetails t) {
    Quota limit = t.quota().quota();
    Quota used = t.quota().usage();
    return Math.max(Math.max(of(used.cpuMillis(), limit.cpuMillis()), of(used.memoryMiB(), limit.memoryMiB())),
        Math.max(of(used.gpus(), limit.gpus()), of(used.workloads(), limit.workloads())));
  }

  private static String mostUsed(TenantDetails t) {
    Quota limit = t.quota().quota();
    Quota used = t.quota().usage();
    double s = share(t);
    if (s == of(used.cpuMillis(), limit.cpuMillis())) {
      return "CPU";
    }
    if (s == of(used.memoryMiB(), limit.memoryMiB())) {
      return "memory";
    }
    return s == of(used.gpus(), limit.gpus()) ? "GPUs" : "workloads";
  }

  private static double of(long used, long limit) {
    return limit == 0 ? (used > 0 ? 1 : 0) : (double) used / limit;
  }

  private static Div card(String title, String id, Div content) {
    Div card = Cards.card(title(title), content);
    card.setId(id);
    return card;
  }

  private static Span title(String text) {
    Span title = new Span(text);
    title.getStyle().set("font-weight", "600").set("display", "block").set("margin-bottom", "var(--lumo-space-s)");
    return title;
  }
}
