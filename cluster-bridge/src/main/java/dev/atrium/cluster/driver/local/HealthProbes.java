package dev.atrium.cluster.driver.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.health.HealthCheck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Health checks of local containers, run when the reconciler observes it and the check's interval
 * has passed: an http check as a GET of the container's address from this host, a command as an
 * exec in the container (podman's own healthchecks need systemd timers, which a container host may
 * not have). The check travels with the container as a label, so a restarted
 * Atrium checks what it finds; the count of failures in a row starts again then.
 */
final class HealthProbes {

  static final String LABEL = "dev.atrium.health";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is known of one container's health. */
  private static final class State {
    final long firstSeen;
    boolean checked;
    long lastChecked;
    int failures;
    boolean passedOnce;
    String lastOutput = "";

    State(long firstSeen) {
      this.firstSeen = firstSeen;
    }
  }

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Clock clock;

  HealthProbes(Clock clock) {
    this.clock = clock;
  }

  static String label(HealthCheck check) {
    try {
      return JSON.writeValueAsString(check);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How the running container is: RUNNING once a check passed, UNHEALTHY past its threshold, else
   * STARTING. {@code startedMillis}: when the engine started it, which the grace period counts from.
   */
  Observation observe(DockerClient client, String id, String label, long startedMillis) {
    HealthCheck check;
    try {
      check = JSON.readValue(label, HealthCheck.class).normalised();
    } catch (JsonProcessingException e) {
      return Observation.running(); // not one of ours to read: as without a check
    }
    long now = clock.millis();
    State state = states.computeIfAbsent(id, ignored -> new State(startedMillis > 0 ? startedMillis : now));
    if (!state.checked || now - state.lastChecked >= check.intervalSeconds() * 1000L) {
      state.checked = true;
      state.lastChecked = now;
      String failure = run(client, id, check);
      if (failure == null) {
        state.failures = 0;
        state.passedOnce = true;
      } else if (now - state.firstSeen >= check.gracePeriodSeconds() * 1000L || state.passedOnce) {
        state.failures++;
        state.lastOutput = failure;
      } else {
        state.lastOutput = failure; // within the grace period: not counted
      }
    }
    if (state.failures >= check.failureThreshold()) {
      return new Observation(Observation.Phase.UNHEALTHY, check.describe() + ": " + state.lastOutput);
    }
    return state.passedOnce ? Observation.running() : new Observation(Observation.Phase.STARTING, null);
  }

  void forget(String id) {
    states.remove(id);
  }

  /** Runs the check once; null if it passed, else what it said (or why it could not run). */
  private static String run(DockerClient client, String id, HealthCheck check) {
    String ip = check.http() == null ? null : address(client, id);
    return ip == null ? exec(client, id, check) : get(ip, check);
  }

  /**
   * An http check from this host to the container's address: no exec, whose session podman keeps
   * (and its conmon process) for five minutes after it ends.
   */
  private static String get(String ip, HealthCheck check) {
    try {
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + ip + ":" + check.http().port() + check.http().path()))
          .timeout(java.time.Duration.ofSeconds(check.timeoutSeconds()))
          .build();
      int status = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 400 ? null : "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.io.IOException | RuntimeException e) {
      return printable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

  /** The container's address on its network, or null (no network of its own: the check runs inside it). */
  private static String address(DockerClient client, String id) {
    try {
      var settings = client.inspectContainerCmd(id).exec().getNetworkSettings();
      if (settings.getIpAddress() != null && !settings.getIpAddress().isBlank()) {
        return settings.getIpAddress();
      }
      return settings.getNetworks() == null ? null
          : settings.getNetworks().values().stream().map(n -> n.getIpAddress()).filter(a -> a != null && !a.isBlank()).findFirst().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A command check, run as an exec in the container. */
  private static String exec(DockerClient client, String id, HealthCheck check) {
    StringBuilder output = new StringBuilder();
    ResultCallback.Adapter<Frame> collect =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Frame frame) {
            if (output.length() < 2000) {
              output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        };
    try {
      String exec = client.execCreateCmd(id).withCmd(check.probe().toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true).exec().getId();
      if (!client.execStartCmd(exec).exec(collect).awaitCompletion(check.timeoutSeconds(), TimeUnit.SECONDS)) {
        collect.close(); // stop reading, and give its connection back to the pool
        return "timed out after " + check.timeoutSeconds() + " s";
      }
      Long code = client.inspectExecCmd(exec).exec().getExitCodeLong();
      if (code != null && code == 0) {
        return null;
      }
      String said = printable(output.toString());
      return said.isEmpty() ? "exited with code " + code : said;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.io.IOException | RuntimeException e) {
      return printable(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** What a check said, fit to be a reason: one line of printable text, at most 500 characters. */
  static String printable(String said) {
    String line = said.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").replaceAll("\\s+", " ").strip();
    return line.length() <= 500 ? line : line.substring(0, 497) + "...";
  }
}
