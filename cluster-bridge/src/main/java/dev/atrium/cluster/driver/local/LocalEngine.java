package dev.atrium.cluster.driver.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this host's container engine: the configured one, {@code DOCKER_HOST}, podman's or Docker's
 * usual sockets, or, when podman is installed but not serving, a {@code podman system service} that
 * Atrium starts itself (with runc, which works where crun does not).
 */
final class LocalEngine {

  private static final Logger log = LoggerFactory.getLogger(LocalEngine.class);

  private LocalEngine() {}

  /** A client that answered a ping, or empty with the reason in {@code why}. */
  static Optional<DockerClient> connect(LocalSettings settings, List<String> why) {
    List<String> hosts = new ArrayList<>();
    if (settings.dockerHost() != null && !settings.dockerHost().isBlank()) {
      hosts.add(settings.dockerHost());
    } else {
      Optional.ofNullable(System.getenv("DOCKER_HOST")).filter(h -> !h.isBlank()).ifPresent(hosts::add);
      Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")).ifPresent(dir -> hosts.add("unix://" + dir + "/podman/podman.sock"));
      hosts.add("unix:///run/podman/podman.sock");
      hosts.add("unix:///run/atrium/podman.sock");
      hosts.add("unix:///var/run/docker.sock");
      hosts.add("unix://" + settings.podmanSocket());
    }
    for (String host : hosts) {
      Optional<DockerClient> client = ping(host);
      if (client.isPresent()) {
        return client;
      }
    }
    if (settings.dockerHost() == null || settings.dockerHost().isBlank()) {
      Optional<DockerClient> started = startPodman(settings.podmanSocket(), why);
      if (started.isPresent()) {
        return started;
      }
    }
    if (why.isEmpty()) {
      why.add("no container engine answers at " + String.join(", ", hosts) + "; install podman and runc, or set DOCKER_HOST");
    }
    return Optional.empty();
  }

  private static Optional<DockerClient> ping(String host) {
    if (host.startsWith("unix://") && !Files.exists(Path.of(host.substring("unix://".length())))) {
      return Optional.empty();
    }
    try {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
      ApacheDockerHttpClient http =
          new ApacheDockerHttpClient.Builder()
              .dockerHost(config.getDockerHost())
              .maxConnections(32)
              .connectionTimeout(Duration.ofSeconds(3))
              .responseTimeout(Duration.ofSeconds(60))
              .build();
      DockerClient client = DockerClientImpl.getInstance(config, http);
      client.pingCmd().exec();
      log.info("Local pool uses the container engine at {}", host);
      return Optional.of(client);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<DockerClient> startPodman(Path socket, List<String> why) {
    if (!onPath("podman")) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
      Path conf = socket.resolveSibling("containers.conf");
      try (InputStream in = LocalEngine.class.getResourceAsStream("containers.conf")) {
        Files.write(conf, in.readAllBytes());
      }
      ProcessBuilder builder =
          new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
              .redirectErrorStream(true)
              .redirectOutput(socket.resolveSibling("podman-service.log").toFile());
      builder.environment().put("CONTAINERS_CONF", conf.toString());
      Process process = builder.start();
      for (int i = 0; i < 50 && process.isAlive(); i++) {
        Optional<DockerClient> client = ping("unix://" + socket);
        if (client.isPresent()) {
          log.info("Started podman's API service at {} (it stops with the host, containers keep running)", socket);
          return client;
        }
        Thread.sleep(200);
      }
      why.add("podman system service did not start; see " + socket.resolveSibling("podman-service.log"));
    } catch (IOException e) {
      why.add("cannot start podman system service: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
