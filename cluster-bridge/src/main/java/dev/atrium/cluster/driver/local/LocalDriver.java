package dev.atrium.cluster.driver.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.atrium.cluster.endpoint.Port;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ulimit;
import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Inventory;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * This host as a pool of one node: real containers through the Docker Engine API of podman (or
 * Docker), with the task's CPU and memory as the container's limits. A container is named after its
 * task, so launching a task twice finds the first container instead of starting a second.
 */
public final class LocalDriver implements ClusterDriver, Inventory {

  static final String MANAGED = "dev.atrium.managed";
  static final String TASK = "dev.atrium.task";
  static final String INSTALLATION = "dev.atrium.installation";
  static final String POOL = "dev.atrium.pool";
  private static final long LIMIT = 1024;

  private final Optional<DockerClient> docker;
  private final String unavailable;
  private final HealthProbes health;
  private final String publishAddress;

  public LocalDriver(LocalSettings settings) {
    this(settings, java.time.Clock.systemUTC());
  }

  public LocalDriver(LocalSettings settings, java.time.Clock clock) {
    this.health = new HealthProbes(clock);
    this.publishAddress = settings.publishAddressOrDefault();
    List<String> why = new ArrayList<>();
    this.docker = LocalEngine.connect(settings, why);
    this.unavailable = docker.isPresent() ? null : String.join("; ", why);
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public List<NodeSpec> nodes() {
    if (docker.isEmpty()) {
      return List.of();
    }
    Info info = docker.get().infoCmd().exec();
    String name = info.getName() == null ? "localhost" : info.getName();
    long cpus = info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
    long memory = info.getMemTotal() == null ? 0 : info.getMemTotal() / (1024 * 1024);
    return List.of(new NodeSpec(name, cpus * 1000, memory, 0, Map.of("host", name)));
  }

  /** Each launch waits on the engine (an image, a runtime starting): several at once keep it busy. */
  @Override
  public int launchParallelism() {
    return 8;
  }

  @Override
  public String launch(TaskLaunch launch) throws DriverException {
    DockerClient client = client();
    String name = "atrium-" + launch.taskId();
    String id = find(client, name).orElse(null);
    if (id == null) {
      id = create(client, name, launch);
    }
    // Also a container a crash left created but not started: start it now.
    if (!"created".equals(status(client, id))) {
      return id;
    }
    try {
      client.startContainerCmd(id).exec();
      return id;
    } catch (RuntimeException e) {
      // podman answers some refusals Docker gives as 409 with a 500: look at the state, not the code.
      if (!"created".equals(status(client, id))) {
        return id;
      }
      // Created but it cannot start (e.g. its command does not exist): remove it, say why.
      kill(id);
      throw new DriverException(message(e), e);
    }
  }

  private String create(DockerClient client, String name, TaskLaunch launch) throws DriverException {
    long memoryBytes = launch.memoryMiB() * 1024 * 1024;
    HostConfig host =
        HostConfig.newHostConfig()
            .withMemory(memoryBytes)
            .withMemorySwap(memoryBytes)
            .withNanoCPUs(launch.cpuMillis() * 1_000_000)
            // Below the host's hard limits, or the runtime's setrlimit fails.
            .withUlimits(List.of(new Ulimit("nofile", LIMIT, LIMIT), new Ulimit("nproc", LIMIT, LIMIT)));
    try {
      Map<String, String> labels = new HashMap<>(Map.of(
          MANAGED, "true",
          INSTALLATION, launch.installation(),
          POOL, launch.pool(),
          TASK, launch.taskId().toString(),
          "dev.atrium.workload", launch.workload()));
      if (launch.healthCheck() != null) {
        labels.put(HealthProbes.LABEL, HealthProbes.label(launch.healthCheck()));
      }
      var create =
          client.createContainerCmd(launch.image())
              .withName(name)
              .withLabels(labels)
              .withEnv(launch.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
              .withHostConfig(host);
      if (!launch.command().isEmpty()) {
        create.withCmd(launch.command());
      }
      if (launch.ports() != null && !launch.ports().isEmpty()) {
        // Each on a free port of the publish address, chosen by the engine.
        List<ExposedPort> exposed = launch.ports().stream().map(p -> ExposedPort.tcp(p.containerPort())).toList();
        Ports bindings = new Ports();
        exposed.forEach(port -> bindings.bind(port, Ports.Binding.bindIp(publishAddress)));
        create.withExposedPorts(exposed);
        host.withPortBindings(bindings);
      }
      return create.exec().getId();
    } catch (RuntimeException e) {
      Optional<String> raced = find(client, name);
      if (raced.isPresent()) {
        return raced.get();
      }
      throw new DriverException(message(e), e);
    }
  }

  /** The container's status as the engine says it ("created", "running", "exited", …), or null if gone. */
  private static String status(DockerClient client, String id) {
    try {
      return client.inspectContainerCmd(id).exec().getState().getStatus();
    } catch (RuntimeException gone) {
      return null;
    }
  }

  @Override
  public void kill(String handle) {
    docker.ifPresent(
        client -> {
          health.forget(handle);
          try {
            client.removeContainerCmd(handle).withForce(true).exec();
          } catch (RuntimeException gone) {
            // already gone: what kill wants
          }
        });
  }

  @Override
  public Map<String, Observation> observe(Collection<String> handles) throws DriverException {
    DockerClient client = client();
    Map<String, Observation> seen = new HashMap<>();
    List<Container> containers;
    try {
      containers = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(MANAGED, "true")).exec();
    } catch (RuntimeException e) {
      throw new DriverException(message(e), e);
    }
    Map<String, Container> byId = new HashMap<>();
    containers.forEach(c -> byId.put(c.getId(), c));
    for (String handle : handles) {
      Container container = byId.get(handle);
      if (container == null) {
        continue;
      }
      switch (String.valueOf(container.getState())) {
        case "running" -> {
          String check = container.getLabels() == null ? null : container.getLabels().get(HealthProbes.LABEL);
          long started = container.getCreated() == null ? 0 : container.getCreated() * 1000;
          seen.put(handle, check == null ? Observation.running() : health.observe(client, handle, check, started));
        }
        case "exited", "stopped", "dead" -> seen.put(handle, exited(client, handle));
        default -> seen.put(handle, new Observation(Observation.Phase.STARTING, null));
      }
    }
    return seen;
  }

  @Override
  public Map<String, String> endpoints(String handle, List<Port> ports) {
    if (docker.isEmpty()) {
      return Map.of();
    }
    Map<String, String> endpoints = new java.util.TreeMap<>();
    try {
      Map<ExposedPort, Ports.Binding[]> bound = docker.get().inspectContainerCmd(handle).exec().getNetworkSettings().getPorts().getBindings();
      for (Port port : ports) {
        Ports.Binding[] on = bound.get(ExposedPort.tcp(port.containerPort()));
        if (on != null && on.length > 0 && on[0].getHostPortSpec() != null) {
          String ip = on[0].getHostIp() == null || on[0].getHostIp().isBlank() ? publishAddress : on[0].getHostIp();
          endpoints.put(port.name(), ip + ":" + on[0].getHostPortSpec());
        }
      }
    } catch (RuntimeException gone) {
      // removed meanwhile: no endpoints to tell
    }
    return endpoints;
  }

  @Override
  public Map<String, java.util.UUID> managedTasks(String installation, String pool) throws DriverException {
    try {
      Map<String, java.util.UUID> managed = new HashMap<>();
      client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(INSTALLATION, installation, POOL, pool)).exec()
          .forEach(c -> managed.put(c.getId(), java.util.UUID.fromString(c.getLabels().get(TASK))));
      return managed;
    } catch (RuntimeException e) {
      throw new DriverException(message(e), e);
    }
  }

  @Override
  public List<String> logTail(String handle, int lines) {
    if (docker.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      docker.get()
          .logContainerCmd(handle)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  out.add(new String(frame.getPayload(), StandardCharsets.UTF_8).stripTrailing());
                }
              })
          .awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return List.of();
    }
    return out;
  }

  private Observation exited(DockerClient client, String handle) {
    InspectContainerResponse.ContainerState state = client.inspectContainerCmd(handle).exec().getState();
    Long code = state.getExitCodeLong();
    if (code != null && code == 0) {
      return new Observation(Observation.Phase.SUCCEEDED, null);
    }
    String reason = "exited with code " + code;
    if (Boolean.TRUE.equals(state.getOOMKilled()) || (code != null && code == 137)) {
      reason += " (killed: out of memory, or by a signal)";
    }
    if (state.getError() != null && !state.getError().isBlank()) {
      reason += ": " + state.getError();
    }
    return new Observation(Observation.Phase.FAILED, reason);
  }

  private static Optional<String> find(DockerClient client, String name) {
    try {
      return Optional.ofNullable(client.inspectContainerCmd(name).exec().getId());
    } catch (RuntimeException notThere) {
      return Optional.empty();
    }
  }

  private DockerClient client() throws DriverException {
    return docker.orElseThrow(() -> new DriverException("local pool unavailable: " + unavailable));
  }

  private static String message(RuntimeException e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    // docker-java prefixes the engine's JSON answer with the HTTP status; keep the engine's words.
    int start = text.indexOf("\"message\":\"");
    if (start < 0) {
      return text.strip();
    }
    StringBuilder words = new StringBuilder();
    for (int i = start + 11; i < text.length() && text.charAt(i) != '"'; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        c = text.charAt(++i);
      }
      words.append(c);
    }
    return words.toString();
  }
}
