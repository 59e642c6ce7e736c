package dev.atrium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Atrium's tenancy and cluster bridge as the portal wires them, without the web layer: what the
 * benchmarks call is the real service code against a real PostgreSQL.
 */
@SpringBootApplication(scanBasePackages = {"dev.atrium.tenancy", "dev.atrium.cluster"})
@ConfigurationPropertiesScan("dev.atrium.cluster")
class BenchApplication {

  /**
   * One sim pool called {@code sim}: {@code nodes} nodes of 8 cores and 32 GiB, {@code gpuNodes} of
   * them with 2 GPUs, tasks RUNNING as soon as they are observed; plus {@code more} properties.
   */
  static Map<String, String> simPool(int nodes, int gpuNodes, Map<String, String> more) {
    Map<String, String> properties = new java.util.HashMap<>(more);
    properties.put("atrium.cluster.pools[0].name", "sim");
    properties.put("atrium.cluster.pools[0].driver", "sim");
    properties.put("atrium.cluster.pools[0].sim.nodes", String.valueOf(nodes));
    properties.put("atrium.cluster.pools[0].sim.gpu-nodes", String.valueOf(gpuNodes));
    properties.put("atrium.cluster.pools[0].sim.start-delay", "0s");
    return properties;
  }

  /** Started against {@code db}, with the metering roller and the reconciler off unless asked for. */
  static ConfigurableApplicationContext start(BenchDatabase db, Map<String, String> properties) {
    List<String> all = new ArrayList<>();
    all.add("spring.datasource.url=" + db.jdbcUrl());
    all.add("spring.datasource.username=" + db.username());
    all.add("spring.main.banner-mode=off");
    all.add("spring.flyway.enabled=false");
    all.add("atrium.metering.roller-enabled=false");
    all.add("atrium.cluster.reconciler-enabled=false");
    all.add("logging.level.root=WARN");
    all.add("logging.level.atrium.audit.platform-scope=WARN");
    properties.forEach((k, v) -> all.add(k + "=" + v));
    return new SpringApplicationBuilder(BenchApplication.class)
        .web(WebApplicationType.NONE)
        .properties(all.toArray(String[]::new))
        .run();
  }
}
