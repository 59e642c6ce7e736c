package dev.atrium.cluster.pool;

import dev.atrium.tenancy.access.Validator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every request for capacity must meet, a workload's as a reservation's: a name, resources per
 * instance, a number of instances, node labels, and a pool that exists.
 */
public final class RequestRules {

  public static final int MAX_INSTANCES = 1000;
  static final long MAX_CPU_MILLIS = 1_000_000;
  static final long MAX_MEMORY_MIB = 10_000_000;
  static final long MAX_GPUS = 1_000;
  static final int MAX_NODE_LABELS = 20;
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");
  /** Kubernetes label syntax: a name of up to 63 characters, optionally after a DNS-subdomain prefix and "/". */
  private static final String LABEL_NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final Pattern LABEL_KEY =
      Pattern.compile("^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?" + LABEL_NAME + "$");
  private static final Pattern LABEL_VALUE = Pattern.compile("^(" + LABEL_NAME + ")?$");

  private RequestRules() {}

  /** A name: 1 to 63 lowercase letters, digits or dashes, starting with a letter. */
  public static void checkName(Validator v, String name) {
    v.matches(name, NAME, "name", "must be 1 to 63 lowercase letters, digits or dashes, starting with a letter");
  }

  /** Resources per instance, the number of instances and the node labels asked for. */
  public static void checkShape(Validator v, Resources resources, Integer instances, Map<String, String> nodeLabels) {
    if (resources == null) {
      v.require(false, "resources", "is required");
    } else {
      v.range(resources.cpuMillis(), 1, MAX_CPU_MILLIS, "resources.cpuMillis");
      v.range(resources.memoryMiB(), 1, MAX_MEMORY_MIB, "resources.memoryMiB");
      v.range(resources.gpus(), 0, MAX_GPUS, "resources.gpus");
    }
    v.require(instances != null, "instances", "is required");
    if (instances != null) {
      v.range(instances, 1, MAX_INSTANCES, "instances");
    }
    if (nodeLabels != null) {
      v.require(nodeLabels.size() <= MAX_NODE_LABELS, "nodeLabels", "must have at most " + MAX_NODE_LABELS + " labels");
      nodeLabels.forEach((key, value) -> {
        v.require(
            key != null && key.length() <= 317 && LABEL_KEY.matcher(key).matches(),
            "nodeLabels",
            "keys must be Kubernetes label names, e.g. zone or example.com/disk (" + key + ")");
        v.require(
            value != null && LABEL_VALUE.matcher(value).matches(),
            "nodeLabels." + key,
            "must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
      });
    }
  }

  /** A node label's key in Kubernetes syntax ({@code zone}, {@code example.com/disk}). */
  public static void checkLabelKey(Validator v, String key, String field) {
    v.require(key != null && key.length() <= 253 && LABEL_KEY.matcher(key).matches(), field, "must be a label key such as zone or example.com/rack");
  }

  public static void checkPool(Validator v, String pool, Fleet fleet) {
    v.require(pool != null && fleet.poolExists(pool), "pool", "must be one of " + fleet.drivers().keySet());
  }
}
