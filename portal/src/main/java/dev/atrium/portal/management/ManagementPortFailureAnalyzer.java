package dev.atrium.portal.management;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/** A port already in use, named as the setting that chose it: the portal's or the management port. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ManagementPortFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

  private final Environment environment;

  ManagementPortFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
    String management = environment == null ? null : environment.getProperty("management.server.port");
    boolean isManagement = management != null && management.equals(String.valueOf(cause.getPort()));
    String what = isManagement ? "management port (health, metrics)" : "portal's port";
    String variable = isManagement ? "ATRIUM_MANAGEMENT_PORT" : "ATRIUM_PORT";
    return new FailureAnalysis(
        "Atrium could not start: the " + what + " " + cause.getPort() + " is already in use.",
        "Stop what uses port " + cause.getPort() + ", or set " + variable + " to a free port.",
        cause);
  }
}
