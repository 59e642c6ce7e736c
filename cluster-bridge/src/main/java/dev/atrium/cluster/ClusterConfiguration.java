package dev.atrium.cluster;

import dev.atrium.cluster.driver.sim.SimDriver;
import dev.atrium.cluster.driver.sim.SimSettings;
import dev.atrium.cluster.pool.Drivers;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.workload.Reconciler;
import java.time.Clock;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the configured pools' drivers; at start records the pools and starts the reconciler. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  Drivers drivers(ClusterSettings settings) {
    Drivers drivers = new Drivers();
    for (ClusterSettings.PoolSettings pool : settings.pools()) {
      SimSettings sim = pool.sim() == null ? SimSettings.DEFAULT : pool.sim();
      drivers.add(pool.name(), pool.driver(), new SimDriver(sim, Clock.systemUTC()));
    }
    return drivers;
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
