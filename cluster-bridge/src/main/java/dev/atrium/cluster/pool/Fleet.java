package dev.atrium.cluster.pool;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.NodeSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The pools and their nodes, registered from the configured drivers at start and read by the admin
 * console, and the registry of the pools' drivers. Placement decides and charges nodes; this only
 * tells what there is.
 */
@Service
public class Fleet {

  /** How long a node may be missing from its engine's answers before it is taken as gone. */
  public static final Duration GONE_AFTER = Duration.ofSeconds(30);

  private final NodeStore store;
  private final Drivers drivers;
  private final Clock clock;
  private volatile String installation;

  Fleet(NodeStore store, Drivers drivers, Clock clock) {
    this.store = store;
    this.drivers = drivers;
    this.clock = clock;
  }

  /** Records every configured pool with the nodes its driver offers now. */
  @Transactional
  public void registerPools() {
    drivers.all().forEach((pool, driver) -> refresh(pool, offered(driver)));
  }

  /**
   * What the pool's engine offers now, or empty when it cannot be asked (unavailable, or it failed to
   * answer): then nothing is concluded about its nodes. Asked outside any transaction.
   */
  public static Optional<List<NodeSpec>> offered(ClusterDriver driver) {
    if (driver.unavailableReason().isPresent()) {
      return Optional.empty();
    }
    try {
      // No node at all is taken as no answer (an engine still starting, a wrong context), not as a
      // pool whose every node left at once.
      return Optional.of(driver.nodes()).filter(nodes -> !nodes.isEmpty());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Brings the pool's nodes in line with what its engine offers: new nodes join READY, capacity and
   * labels follow the engine (a node whose capacity shrank below its allocation takes nothing new until
   * it fits), a node missing from the engine's answers for {@link #GONE_AFTER} is gone (what ran there
   * is lost) and one offered again is back, in the state an admin left it in. Returns the ids of the
   * nodes that went or came back.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<String> refresh(String pool, Optional<List<NodeSpec>> offered) {
    if (offered.isEmpty()) {
      store.registerPool(pool, drivers.kind(pool));
      return List.of();
    }
    OffsetDateTime now = OffsetDateTime.now(clock);
    return store.register(pool, drivers.kind(pool), offered.get(), now, now.minus(GONE_AFTER));
  }

  /** Which Atrium this is, for engines that several share. */
  @Transactional(readOnly = true)
  public String installation() {
    if (installation == null) {
      installation = store.installation();
    }
    return installation;
  }

  /** The names of the pools whose engines answer now: where work can be launched or booked. */
  public List<String> availablePools() {
    return pools().stream().filter(p -> p.unavailableReason() == null).map(Pool::name).toList();
  }

  @Transactional(readOnly = true)
  public List<Pool> pools() {
    return drivers.all().keySet().stream()
        .sorted()
        .map(
            name -> {
              List<Node> nodes = store.nodes(name);
              return new Pool(
                  name,
                  drivers.kind(name),
                  drivers.get(name).flatMap(ClusterDriver::unavailableReason).orElse(null),
                  nodes.size(),
                  nodes.stream().map(Node::capacity).reduce(Resources.NONE, Resources::plus),
                  nodes.stream().map(Node::allocated).reduce(Resources.NONE, Resources::plus));
            })
        .toList();
  }

  @Transactional(readOnly = true)
  public List<Node> nodes(String pool) {
    return store.nodes(pool);
  }

  public boolean poolExists(String pool) {
    return drivers.get(pool).isPresent();
  }

  public Optional<ClusterDriver> driver(String pool) {
    return drivers.get(pool);
  }

  public Map<String, ClusterDriver> drivers() {
    return drivers.all();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public Resources totalCapacity() {
    return store.totalCapacity();
  }
}
