package dev.atrium.cluster.pool;

import dev.atrium.cluster.driver.ClusterDriver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The pools and their nodes: registered from the configured drivers at start, read by the admin
 * console, and charged and freed by placement inside its transactions.
 */
@Service
public class Fleet {

  private final NodeStore store;
  private final Drivers drivers;
  private volatile String installation;
  /** The fleet's size as last read, for best fit; it changes only when pools are registered. */
  private volatile Capacity capacity;

  private record Capacity(Resources total, long readAtMillis) {}

  Fleet(NodeStore store, Drivers drivers) {
    this.store = store;
    this.drivers = drivers;
  }

  /** Records every configured pool with the nodes its driver offers now. */
  @Transactional
  public void registerPools() {
    drivers.all().forEach((pool, driver) -> {
      List<dev.atrium.cluster.driver.NodeSpec> nodes;
      try {
        nodes = driver.nodes();
      } catch (RuntimeException e) {
        // A pool whose engine cannot be asked has no nodes for now; Atrium itself keeps working.
        nodes = List.of();
      }
      store.register(pool, drivers.kind(pool), nodes);
    });
    capacity = null;
  }

  /** Which Atrium this is, for engines that several share. */
  @Transactional(readOnly = true)
  public String installation() {
    if (installation == null) {
      installation = store.installation();
    }
    return installation;
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
  public List<String> candidates(String pool, Map<String, String> labels, Resources need, int limit) {
    return store.candidates(pool, labels, need, cpuDominant(need), limit);
  }

  /**
   * Allocates {@code need} on the best-fitting node that no concurrent transaction is changing;
   * empty when every node that fits is busy or none fits ({@link #candidates} then waits for them).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<String> allocateOnIdleNode(String pool, Map<String, String> labels, Resources need) {
    return store.allocateOnBestIdle(pool, labels, need, cpuDominant(need));
  }

  /** Whether {@code need} asks more of the fleet's CPU than of its memory, which decides what best fit means. */
  private boolean cpuDominant(Resources need) {
    Resources total = totalCapacityCached();
    return need.cpuMillis() * Math.max(1, total.memoryMiB()) >= need.memoryMiB() * Math.max(1, total.cpuMillis());
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void free(String nodeId, Resources held) {
    store.free(nodeId, held);
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public Resources largestFree(String pool, Map<String, String> labels) {
    return store.largestFree(pool, labels);
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public Resources totalCapacity() {
    return store.totalCapacity();
  }

  /** The fleet's size read at most a minute ago (other replicas may register pools too). */
  private Resources totalCapacityCached() {
    Capacity known = capacity;
    if (known == null || System.currentTimeMillis() - known.readAtMillis() > 60_000) {
      known = new Capacity(store.totalCapacity(), System.currentTimeMillis());
      capacity = known;
    }
    return known.total();
  }
}
