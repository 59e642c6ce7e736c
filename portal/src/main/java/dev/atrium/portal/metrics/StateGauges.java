package dev.atrium.portal.metrics;

import dev.atrium.cluster.reconciler.Reconciler;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.RowScope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gauges of what the database holds now: tasks by pool and state, what PENDING tasks wait for,
 * tenants' quota use, reservations and cron runs by state, and how far metering lags. Read every
 * {@code atrium.metrics.refresh-interval} (15 s) in one read-only transaction rather than at every
 * scrape, so a busy Prometheus costs the database nothing more, and only by the replica that runs the
 * reconciler: one series for each figure across the replicas, and one replica's reads.
 */
@Component
public class StateGauges implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StateGauges.class);

  private final MetricsStore store;
  private final Reconciler reconciler;
  private final RowScope scope;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final Duration interval;
  private final MultiGauge tasks;
  private final MultiGauge pending;
  private final MultiGauge quotaUse;
  private final MultiGauge reservations;
  private final MultiGauge cronRuns;
  private final AtomicLong rolledUntilMillis = new AtomicLong(-1);
  private ScheduledExecutorService executor;

  StateGauges(
      MetricsStore store,
      Reconciler reconciler,
      RowScope scope,
      PlatformTransactionManager transactions,
      Clock clock,
      MeterRegistry registry,
      @Value("${atrium.metrics.refresh-interval:15s}") Duration interval) {
    this.store = store;
    this.reconciler = reconciler;
    this.scope = scope;
    this.transaction = new TransactionTemplate(transactions);
    this.transaction.setReadOnly(true);
    this.clock = clock;
    this.interval = interval;
    tasks = MultiGauge.builder("atrium.tasks").description("Live tasks by pool and state").register(registry);
    pending = MultiGauge.builder("atrium.tasks.pending").description("PENDING tasks by pool and what they wait for").register(registry);
    quotaUse = MultiGauge.builder("atrium.quota.use.ratio").description("A tenant's use of its quota, 0 to 1").register(registry);
    reservations = MultiGauge.builder("atrium.reservations").description("Advance reservations by state").register(registry);
    cronRuns = MultiGauge.builder("atrium.cron.runs").description("Cron runs by state").register(registry);
    Gauge.builder("atrium.metering.lag", this, StateGauges::meteringLagSeconds)
        .description("How far behind now the usage figures are rolled")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Reads every figure again; what a refresh finds gone (a pool, a tenant) leaves the gauges. On a
   * replica that does not lead, the gauges are empty.
   */
  public void refresh() {
    if (!reconciler.leading()) {
      List.of(tasks, pending, quotaUse, reservations, cronRuns).forEach(gauge -> gauge.register(List.of(), true));
      rolledUntilMillis.set(-1);
      return;
    }
    transaction.executeWithoutResult(
        status -> {
          scope.platform(Actor.SYSTEM, "metrics");
          tasks.register(rows(store.liveTasks(), "pool", "state"), true);
          pending.register(rows(store.pendingByWait(), "pool", "waiting_for"), true);
          quotaUse.register(rows(store.quotaUse(), "tenant", "resource"), true);
          reservations.register(rows(store.reservations(), "state"), true);
          cronRuns.register(rows(store.cronRuns(), "state"), true);
          rolledUntilMillis.set(store.rolledUntil().toEpochMilli());
        });
  }

  private static List<MultiGauge.Row<?>> rows(List<MetricsStore.Count> counts, String... keys) {
    return counts.stream()
        .<MultiGauge.Row<?>>map(count -> {
          Tags tags = Tags.empty();
          for (int i = 0; i < keys.length; i++) {
            tags = tags.and(keys[i], count.tags().get(i));
          }
          return MultiGauge.Row.of(tags, count.value());
        })
        .toList();
  }

  private double meteringLagSeconds() {
    long until = rolledUntilMillis.get();
    return until < 0 ? Double.NaN : Math.max(0, clock.millis() - until) / 1000.0;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("Cannot read the figures for the metrics; the next refresh tries again: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "atrium-metrics");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
