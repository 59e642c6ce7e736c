package dev.atrium.portal.ui.workload;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import dev.atrium.cluster.workload.TaskEnded;
import dev.atrium.cluster.workload.TaskPlaced;
import dev.atrium.cluster.workload.TaskStarted;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes task changes to the browsers that show the tenant: after the change commits, each open view
 * of that tenant refreshes itself through server push.
 */
@Component
public class TaskUpdates {

  private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
  // Views refresh on their own thread: the reconciler never waits for a browser session.
  private final java.util.concurrent.ExecutorService pushes =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-push");
        t.setDaemon(true);
        return t;
      });

  private record Listener(UUID tenantId, UI ui, Runnable refresh) {}

  /** Calls {@code refresh} in {@code ui} whenever a task of the tenant starts or ends. */
  public Registration subscribe(UUID tenantId, UI ui, Runnable refresh) {
    Object key = new Object();
    listeners.put(key, new Listener(tenantId, ui, refresh));
    return () -> listeners.remove(key);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void started(TaskStarted event) {
    notify(event.tenantId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void placed(TaskPlaced event) {
    notify(event.tenantId());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void ended(TaskEnded event) {
    notify(event.tenantId());
  }

  private void notify(UUID tenantId) {
    listeners.values().stream()
        .filter(l -> l.tenantId().equals(tenantId))
        .forEach(l -> pushes.execute(() -> l.ui().access(l.refresh()::run)));
  }
}
