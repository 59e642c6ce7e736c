package dev.atrium.cluster.pool;

import dev.atrium.cluster.driver.ClusterDriver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured pools: each name with its driver and the kind of that driver. */
public final class Drivers {

  private final Map<String, ClusterDriver> byPool = new LinkedHashMap<>();
  private final Map<String, String> kinds = new LinkedHashMap<>();

  public Drivers add(String pool, String kind, ClusterDriver driver) {
    byPool.put(pool, driver);
    kinds.put(pool, kind);
    return this;
  }

  public Map<String, ClusterDriver> all() {
    return Collections.unmodifiableMap(byPool);
  }

  public Optional<ClusterDriver> get(String pool) {
    return Optional.ofNullable(byPool.get(pool));
  }

  public String kind(String pool) {
    return kinds.get(pool);
  }
}
