package dev.atrium.cluster.driver.sim;

import java.time.Duration;

/**
 * The simulated fleet of a {@code sim} pool.
 *
 * @param nodes how many nodes (default 20)
 * @param cpuMillis each node's CPU (default 8000: eight cores)
 * @param memoryMiB each node's memory (default 32768)
 * @param gpuNodes how many of the nodes have GPUs (default 4)
 * @param gpusPerNode GPUs on each of those (default 2)
 * @param startDelay how long a task takes to go RUNNING (default 1 s)
 */
public record SimSettings(Integer nodes, Long cpuMillis, Long memoryMiB, Integer gpuNodes, Long gpusPerNode, Duration startDelay) {

  public static final SimSettings DEFAULT = new SimSettings(20, 8000L, 32768L, 4, 2L, Duration.ofSeconds(1));

  public SimSettings {
    nodes = nodes == null ? 20 : nodes;
    cpuMillis = cpuMillis == null ? 8000L : cpuMillis;
    memoryMiB = memoryMiB == null ? 32768L : memoryMiB;
    gpuNodes = gpuNodes == null ? 4 : gpuNodes;
    gpusPerNode = gpusPerNode == null ? 2L : gpusPerNode;
    startDelay = startDelay == null ? Duration.ofSeconds(1) : startDelay;
    if (nodes < 0 || gpuNodes < 0 || gpuNodes > nodes || cpuMillis < 0 || memoryMiB < 0 || gpusPerNode < 0) {
      throw new IllegalArgumentException("sim pool: nodes, capacities and gpuNodes (at most nodes) must not be negative");
    }
  }
}
