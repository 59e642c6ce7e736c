package dev.atrium.cluster;

import dev.atrium.cluster.driver.kubernetes.KubernetesSettings;
import dev.atrium.cluster.driver.local.LocalSettings;
import dev.atrium.cluster.driver.sim.SimSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pools Atrium runs work on, and its reconciler.
 *
 * @param pools each pool's name, driver ({@code local}, {@code sim} or {@code kubernetes}) and driver settings; default:
 *     a {@code local} pool (this host) and a {@code sim} pool of 20 nodes
 * @param reconcileInterval time between reconciler rounds (default 1 s)
 * @param reconcilerEnabled whether this portal may run the reconciler (default true; only one portal
 *     runs it at a time anyway)
 */
@ConfigurationProperties("atrium.cluster")
public record ClusterSettings(List<PoolSettings> pools, Duration reconcileInterval, Boolean reconcilerEnabled) {

  /** One pool: its name, its driver and that driver's settings. */
  public record PoolSettings(String name, String driver, SimSettings sim, LocalSettings local, KubernetesSettings kubernetes) {}

  static final List<String> DRIVERS = List.of("local", "sim", "kubernetes");

  public ClusterSettings {
    pools =
        pools == null
            ? List.of(
                new PoolSettings("local", "local", null, null, null),
                new PoolSettings("sim", "sim", SimSettings.DEFAULT, null, null))
            : pools;
    reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(1) : reconcileInterval;
    reconcilerEnabled = reconcilerEnabled == null || reconcilerEnabled;
    for (PoolSettings pool : pools) {
      if (pool.name() == null || !pool.name().matches("^[a-z][a-z0-9-]{0,30}$")) {
        throw new IllegalArgumentException("atrium.cluster.pools: pool name " + pool.name() + " must be lowercase letters, digits or dashes");
      }
      if (!DRIVERS.contains(pool.driver())) {
        throw new IllegalArgumentException(
            "atrium.cluster.pools: pool " + pool.name() + " has driver " + pool.driver() + "; available: " + DRIVERS);
      }
    }
  }
}
