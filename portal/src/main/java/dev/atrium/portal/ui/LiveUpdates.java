package dev.atrium.portal.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import dev.atrium.cluster.pool.NodeChanged;
import dev.atrium.cluster.reservation.ReservationChanged;
import dev.atrium.cluster.workload.TaskEnded;
import dev.atrium.cluster.workload.TaskPlaced;
import dev.atrium.cluster.workload.TaskStarted;
import dev.atrium.tenancy.metering.UsageRolled;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes changes to the browsers that show them: after a change commits, each open view subscribed
 * to that kind of change (and that tenant) refreshes itself through server push.
 */
@Component
public class LiveUpdates {

  /** What changed. */
  public enum Topic {
    /** a task of the tenant was placed, started or ended, a cron run or a rollout moved on */
    TASKS,
    /** open usage was rolled into the hourly figures (every tenant's) */
    USAGE,
    /** a node's allocation or state changed (any pool) */
    FLEET,
    /** a reservation of the tenant was booked, started, ended or cancelled */
    RESERVATIONS
  }

  /** {@code queued}: a refresh is waiting to run, so further changes meanwhile need no other. */
  private record Listener(Topic topic, Supplier<UUID> tenantId, UI ui, Runnable refresh, AtomicBoolean queued) {}

  private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
  // Views refresh on their own thread: the reconciler never waits for a browser session.
  private final ExecutorService pushes =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ui-push");
            t.setDaemon(true);
            return t;
          });

  /** Calls {@code refresh} in {@code ui} whenever {@code topic} changes for {@code tenantId}. */
  public Registration subscribe(Topic topic, UUID tenantId, UI ui, Runnable refresh) {
    return subscribe(topic, () -> tenantId, ui, refresh);
  }

  private Registration subscribe(Topic topic, Supplier<UUID> tenantId, UI ui, Runnable refresh) {
    Object key = new Object();
    listeners.put(key, new Listener(topic, tenantId, ui, refresh, new AtomicBoolean()));
    return () -> listeners.remove(key);
  }

  /**
   * Keeps {@code view} subscribed while it is attached to a browser page: it calls {@code refresh} on
   * changes of {@code topic} for the tenant {@code tenantId} gives when the change happens (null: any
   * tenant's usage), and stops when the view is detached. Read then, not at attach: a view that moves
   * to another tenant (the switcher keeps the view and changes its route) follows that tenant.
   */
  public void whileAttached(com.vaadin.flow.component.Component view, Topic topic, Supplier<UUID> tenantId, Runnable refresh) {
    view.addAttachListener(
        attach -> {
          Registration subscription = subscribe(topic, tenantId, attach.getUI(), refresh);
          view.addDetachListener(
              detach -> {
                subscription.remove();
                detach.unregisterListener();
              });
        });
  }

  @TransactionalEventListener(fallbackExecution = true)
  void runChanged(dev.atrium.cluster.cron.RunChanged event) {
    publish(Topic.TASKS, event.tenantId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void rolloutChanged(dev.atrium.cluster.rollout.RolloutChanged event) {
    publish(Topic.TASKS, event.tenantId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void started(TaskStarted event) {
    publish(Topic.TASKS, event.tenantId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void placed(TaskPlaced event) {
    publish(Topic.TASKS, event.tenantId());
    publish(Topic.FLEET, null);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void ended(TaskEnded event) {
    publish(Topic.TASKS, event.tenantId());
    publish(Topic.FLEET, null);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void reservationChanged(ReservationChanged event) {
    publish(Topic.RESERVATIONS, event.tenantId());
    publish(Topic.FLEET, null);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void nodeChanged(NodeChanged event) {
    publish(Topic.FLEET, null);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void rolled(UsageRolled event) {
    publish(Topic.USAGE, null);
  }

  /** Tells the subscribers of {@code topic} for {@code tenantId}, or for any tenant when it is null. */
  private void publish(Topic topic, UUID tenantId) {
    listeners.values().stream()
        .filter(l -> l.topic() == topic && (tenantId == null || tenantId.equals(l.tenantId().get())))
        .filter(l -> l.queued().compareAndSet(false, true))
        .forEach(l -> pushes.execute(() -> {
          l.queued().set(false);
          l.ui().access(l.refresh()::run);
        }));
  }
}
