package dev.atrium.cluster.driver;

import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a driver needs to start one task on one node. {@code installation} names the Atrium
 * that owns it, for engines several Atriums share, and {@code pool} the pool it belongs to, for
 * engines several pools share; {@code durationSeconds} is how long a simulated
 * job runs; real engines run the command until it exits. {@code healthCheck} (with its defaults
 * filled in, or null) is how the engine tells the task is healthy: until it is, the task is
 * STARTING; once it fails its threshold, UNHEALTHY. {@code ports} are made reachable (see {@link
 * ClusterDriver#endpoints}).
 */
public record TaskLaunch(
    String installation,
    String pool,
    UUID taskId,
    String tenant,
    String workload,
    String node,
    String image,
    List<String> command,
    Map<String, String> env,
    long cpuMillis,
    long memoryMiB,
    long gpus,
    boolean runsToCompletion,
    Integer durationSeconds,
    HealthCheck healthCheck,
    List<Port> ports) {}
