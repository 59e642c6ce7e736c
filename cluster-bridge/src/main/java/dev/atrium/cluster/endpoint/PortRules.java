package dev.atrium.cluster.endpoint;

import dev.atrium.tenancy.access.Validator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What declared ports must be: named like a Kubernetes port (at most 15 characters), each once, 1–65535. */
public final class PortRules {

  public static final int MAX_PORTS = 20;
  private static final Pattern NAME = Pattern.compile("^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$");

  private PortRules() {}

  public static void check(Validator v, List<Port> ports) {
    if (ports == null) {
      return;
    }
    v.require(ports.size() <= MAX_PORTS, "ports", "must be at most " + MAX_PORTS);
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    for (int i = 0; i < Math.min(ports.size(), MAX_PORTS); i++) {
      Port port = ports.get(i);
      String field = "ports[" + i + "]";
      if (port == null) {
        v.require(false, field, "is required");
        continue;
      }
      v.require(port.name() != null && NAME.matcher(port.name()).matches(), field + ".name",
          "must be 1 to 15 lowercase letters, digits or dashes, starting with a letter (e.g. http)");
      v.require(port.name() == null || names.add(port.name()), field + ".name", "is declared twice: " + port.name());
      v.require(port.containerPort() != null && port.containerPort() >= 1 && port.containerPort() <= 65535, field + ".containerPort",
          "must be between 1 and 65535");
      v.require(port.containerPort() == null || numbers.add(port.containerPort()), field + ".containerPort", "is declared twice: " + port.containerPort());
    }
  }
}
