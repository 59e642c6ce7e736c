package dev.atrium.cluster.driver;

import java.util.Map;

/** A node as its driver describes it. */
public record NodeSpec(String name, long cpuMillis, long memoryMiB, long gpus, Map<String, String> labels) {}
