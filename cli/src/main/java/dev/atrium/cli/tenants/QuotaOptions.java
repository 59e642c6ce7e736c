package dev.atrium.cli.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.cli.Context;
import dev.atrium.cli.api.Api;
import picocli.CommandLine.Option;

/** A quota's limits as options; those not given keep their value (or are required for a new tenant). */
final class QuotaOptions {

  @Option(names = "--cpu", paramLabel = "MILLICORES", description = "CPU in millicores (1000 = one core)") Long cpu;
  @Option(names = "--memory", paramLabel = "MIB", description = "Memory in MiB") Long memory;
  @Option(names = "--gpus", paramLabel = "N", description = "GPUs") Long gpus;
  @Option(names = "--workloads", paramLabel = "N", description = "How many workloads at once") Long workloads;

  /** Every limit, each from its option or else from {@code current}. */
  ObjectNode over(JsonNode current) {
    ObjectNode quota = Api.JSON.createObjectNode();
    quota.put("cpuMillis", cpu != null ? cpu : current.path("cpuMillis").asLong());
    quota.put("memoryMiB", memory != null ? memory : current.path("memoryMiB").asLong());
    quota.put("gpus", gpus != null ? gpus : current.path("gpus").asLong());
    quota.put("workloads", workloads != null ? workloads : current.path("workloads").asLong());
    return quota;
  }

  /** Every limit, each one required. */
  ObjectNode complete() {
    if (cpu == null || memory == null || gpus == null || workloads == null) {
      throw new Context.Usage("A new tenant needs --cpu, --memory, --gpus and --workloads");
    }
    return over(Api.JSON.createObjectNode());
  }

  boolean none() {
    return cpu == null && memory == null && gpus == null && workloads == null;
  }
}
