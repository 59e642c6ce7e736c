package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.workload.TaskKilled;
import dev.atrium.cluster.workload.TaskPlaced;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Brings the engines and the database together, one round at a time on one thread. A round runs
 * its steps in order:
 *
 * <ol>
 *   <li>{@link InventoryStep}, for each available pool: its nodes follow its engine;
 *   <li>{@link ReservationStep}: reservations start and end with their windows;
 *   <li>{@link CronStep}: CRON workloads' due runs are recorded, and finished ones settled;
 *   <li>{@link PlaceStep}: PENDING tasks onto nodes, fairly between tenants;
 *   <li>{@link DrainStep}: services move off DRAINING nodes; {@link DownStep}: what ran on DOWN nodes
 *       is lost and services are replaced;
 *   <li>{@link RolloutStep}: services' rollouts start new tasks and stop old ones;
 *   <li>then for each available pool: {@link LaunchStep} starts what was placed, {@link ObserveStep}
 *       records what the engine reports, {@link OrphanSweep} removes what no live task owns.
 * </ol>
 *
 * Every step is safe to repeat after a crash at any line: each change of a task is a compare-and-set
 * on its state, and launches are idempotent per task. The reconciler never waits for a row a request
 * is changing; it takes it up on its next round. Only one portal reconciles at a time ({@link
 * Leadership}).
 */
@Component
public class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  public static final long LEADER_LOCK = 0x41_74_72_69_75_6dL; // "Atrium"

  private final Fleet fleet;
  private final Leadership leadership;
  private final InventoryStep inventory;
  private final ReservationStep reservations;
  private final CronStep cron;
  private final PlaceStep place;
  private final DrainStep drain;
  private final DownStep down;
  private final RolloutStep rollouts;
  private final LaunchStep launch;
  private final ObserveStep observe;
  private final OrphanSweep orphans;
  private final ClusterMetrics metrics;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconciler");
        t.setDaemon(true);
        return t;
      });
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile boolean automatic;

  Reconciler(
      Fleet fleet,
      DataSource dataSource,
      InventoryStep inventory,
      ReservationStep reservations,
      CronStep cron,
      PlaceStep place,
      DrainStep drain,
      DownStep down,
      RolloutStep rollouts,
      LaunchStep launch,
      ObserveStep observe,
      OrphanSweep orphans,
      ClusterMetrics metrics) {
    this.fleet = fleet;
    this.leadership = new Leadership(dataSource);
    this.inventory = inventory;
    this.reservations = reservations;
    this.cron = cron;
    this.place = place;
    this.drain = drain;
    this.down = down;
    this.rollouts = rollouts;
    this.launch = launch;
    this.observe = observe;
    this.orphans = orphans;
    this.metrics = metrics;
  }

  /** Starts rounds every {@code intervalMillis}. */
  public void start(long intervalMillis) {
    automatic = true;
    thread.scheduleWithFixedDelay(this::safeRound, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** Whether this replica runs the reconciler now (it held the lock at its last check). */
  public boolean leading() {
    return automatic && leadership.held();
  }

  /**
   * Stops reconciling and lets go of the lock only once the round under way has ended, so that the
   * next leader never reconciles beside it.
   */
  public void stop() {
    automatic = false;
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("The reconciler's round did not end within 30 s of the stop; the lock goes with the process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      leadership.release();
      metrics.leading(false);
    }
  }

  /**
   * Runs a round soon, e.g. after a request placed tasks; wakes that come while one is pending make
   * no further round. A portal whose reconciler is not running does not reconcile at all: then this
   * does nothing, and the running reconciler's next round picks the tasks up.
   */
  public void wake() {
    if (automatic && wakePending.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          wakePending.set(false);
          safeRound();
        });
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        wakePending.set(false);
      }
    }
  }

  @TransactionalEventListener
  public void placed(TaskPlaced placed) {
    wake();
  }

  /** A request killed a launched task: stop its container, on this thread, as launches are. */
  @TransactionalEventListener
  public void killed(TaskKilled killed) {
    fleet.driver(killed.pool()).ifPresent(driver -> {
      try {
        thread.execute(() -> driver.kill(killed.handle()));
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // stopping: the next leader's orphan sweep removes what no live task owns
      }
    });
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException e) {
      log.warn("Reconciler round failed; the next one retries: {}", e.toString());
    }
  }

  /**
   * One round; public so that tests and benchmarks can drive it step by step. A round driven by hand
   * gives the leadership back when it ends; a running reconciler keeps it.
   */
  public synchronized boolean round() {
    boolean leading = leadership.leading();
    metrics.leading(leading && automatic);
    if (!leading) {
      return false;
    }
    long start = System.nanoTime();
    try {
      available().forEach((pool, driver) -> step("inventory of " + pool, () -> inventory.run(pool, driver)));
      step("reservations", reservations::run);
      step("cron", cron::run);
      step("place", place::run);
      step("drain", drain::run);
      step("down", down::run);
      step("rollouts", rollouts::run);
      available().forEach((pool, driver) -> {
        step("launch on " + pool, () -> launch.run(pool, driver));
        step("observe " + pool, () -> observe.run(pool, driver));
        step("sweep " + pool, () -> orphans.run(pool, driver));
      });
    } catch (LostLeadership lost) {
      log.warn("The round stops before step {}: this replica no longer holds the reconciler's lock", lost.getMessage());
    } finally {
      metrics.roundTook(java.time.Duration.ofNanos(System.nanoTime() - start));
      if (!automatic) {
        leadership.release();
      }
      metrics.leading(automatic && leadership.held()); // as the last step found it
    }
    return true;
  }

  /**
   * A step that fails is tried again next round; the others run meanwhile. Each step first checks
   * that the lock is still held (one round trip), so a replica that lost it mid-round does no more.
   */
  private void step(String name, Runnable step) {
    if (!leadership.stillLeading()) {
      throw new LostLeadership(name);
    }
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn("Reconciler step {} failed; the next round retries it: {}", name, e.toString());
    }
  }

  private static final class LostLeadership extends RuntimeException {
    LostLeadership(String step) {
      super(step, null, false, false);
    }
  }

  private Map<String, ClusterDriver> available() {
    Map<String, ClusterDriver> available = new java.util.LinkedHashMap<>();
    fleet.drivers().forEach((pool, driver) -> {
      if (driver.unavailableReason().isEmpty()) {
        available.put(pool, driver);
      }
    });
    return available;
  }
}
