package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.NodeChanged;
import dev.atrium.cluster.pool.NodeState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Keeps each pool's nodes in line with its engine, every {@link #EVERY}: new nodes join, capacity and
 * labels follow the engine, nodes that left it go DOWN (what ran there is then lost, see {@link
 * DownStep}) and come back READY when it offers them again. An engine that cannot be asked changes
 * nothing.
 */
@Component
class InventoryStep {

  static final Duration EVERY = Duration.ofSeconds(10);

  private final Fleet fleet;
  private final SystemWork work;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();

  InventoryStep(Fleet fleet, SystemWork work, Clock clock, ApplicationEventPublisher events) {
    this.fleet = fleet;
    this.work = work;
    this.clock = clock;
    this.events = events;
  }

  void run(String pool, ClusterDriver driver) {
    Instant now = clock.instant();
    Instant last = lastRead.get(pool);
    if (last != null && now.isBefore(last.plus(EVERY)) && !now.isBefore(last)) {
      return;
    }
    lastRead.put(pool, now);
    Optional<List<NodeSpec>> offered = Fleet.offered(driver); // outside any transaction: engines may be slow
    List<String> gone = work.inTransaction("read the pool's nodes", () -> fleet.refresh(pool, offered));
    gone.forEach(node -> events.publishEvent(new NodeChanged(node, NodeState.DOWN)));
  }
}
