package dev.atrium.cluster.pool;

import dev.atrium.cluster.driver.ClusterDriver;
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

  private final NodeStore store;
  private final Drivers drivers;
  private volatile String installation;

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
  public Resources totalCapacity() {
    return store.totalCapacity();
  }
}
