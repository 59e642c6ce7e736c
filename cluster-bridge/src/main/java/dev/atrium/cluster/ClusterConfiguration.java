package dev.atrium.cluster;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.kubernetes.KubernetesDriver;
import dev.atrium.cluster.driver.kubernetes.KubernetesSettings;
import dev.atrium.cluster.driver.local.LocalDriver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.atrium.cluster.driver.local.LocalSettings;
import dev.atrium.cluster.driver.sim.SimDriver;
import dev.atrium.cluster.driver.sim.SimSettings;
import dev.atrium.cluster.pool.Drivers;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.reconciler.Reconciler;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the configured pools' drivers; at start records the pools and starts the reconciler. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  Drivers drivers(ClusterSettings settings, Clock clock, @Value("${atrium.home:${user.home}/.atrium}") Path home) {
    Drivers drivers = new Drivers();
    for (ClusterSettings.PoolSettings pool : settings.pools()) {
      ClusterDriver driver =
          switch (pool.driver()) {
            case "local" -> new LocalDriver(local(pool.local(), home), clock);
            case "kubernetes" -> new KubernetesDriver(kubernetes(pool.kubernetes()));
            default -> new SimDriver(pool.sim() == null ? SimSettings.DEFAULT : pool.sim(), clock);
          };
      drivers.add(pool.name(), pool.driver(), driver);
    }
    return drivers;
  }

  private static KubernetesClient kubernetes(KubernetesSettings settings) {
    String context = settings == null ? null : settings.context();
    Config config = Config.autoConfigure(context == null || context.isBlank() ? null : context);
    if (settings != null && settings.masterUrl() != null && !settings.masterUrl().isBlank()) {
      config.setMasterUrl(settings.masterUrl());
    }
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(15_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static LocalSettings local(LocalSettings configured, Path home) {
    String host = configured == null ? null : configured.dockerHost();
    Path socket = configured == null || configured.podmanSocket() == null ? home.resolve("podman/podman.sock") : configured.podmanSocket();
    return new LocalSettings(host, socket, configured == null ? null : configured.publishAddress());
  }

  @Bean
  SmartLifecycle clusterLifecycle(Fleet fleet, Reconciler reconciler, ClusterSettings settings) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        fleet.registerPools();
        if (settings.reconcilerEnabled()) {
          reconciler.start(settings.reconcileInterval().toMillis());
        }
        running = true;
      }

      @Override
      public void stop() {
        reconciler.stop();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
