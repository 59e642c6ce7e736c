package dev.atrium.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A pool's settings as an operator writes them in application.yml or the environment reach its driver. */
class ClusterSettingsTest {

  @Test
  void aLocalPoolsEngineAndPublishAddressAreBoundFromConfiguration() {
    Map<String, String> properties = Map.of(
        "atrium.cluster.pools[0].name", "edge",
        "atrium.cluster.pools[0].driver", "local",
        "atrium.cluster.pools[0].local.docker-host", "unix:///run/podman/podman.sock",
        "atrium.cluster.pools[0].local.publish-address", "0.0.0.0");

    ClusterSettings settings = new Binder(new MapConfigurationPropertySource(properties)).bind("atrium.cluster", ClusterSettings.class).get();

    assertThat(settings.pools()).singleElement().satisfies(pool -> {
      assertThat(pool.name()).isEqualTo("edge");
      assertThat(pool.local().dockerHost()).isEqualTo("unix:///run/podman/podman.sock");
      assertThat(pool.local().publishAddress()).isEqualTo("0.0.0.0");
    });
  }
}
