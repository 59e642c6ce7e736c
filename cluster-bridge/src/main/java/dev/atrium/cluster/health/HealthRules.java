package dev.atrium.cluster.health;

import dev.atrium.tenancy.access.Validator;

/** What a health check must be: one way to check (command or http), sane numbers. */
public final class HealthRules {

  private HealthRules() {}

  public static void check(Validator v, HealthCheck check) {
    if (check == null) {
      return;
    }
    boolean command = check.command() != null && !check.command().isEmpty();
    boolean http = check.http() != null;
    v.require(command || http, "healthCheck", "needs a command (e.g. [\"sh\",\"-c\",\"test -f /tmp/ready\"]) or http ({\"port\": 8080, \"path\": \"/health\"})");
    v.require(!(command && http), "healthCheck", "has either a command or http, not both");
    if (command) {
      v.require(check.command().size() <= 64 && check.command().stream().allMatch(c -> c != null && c.length() <= 4096),
          "healthCheck.command", "must have at most 64 parts of at most 4096 characters");
    }
    if (http) {
      v.require(check.http().port() != null && check.http().port() >= 1 && check.http().port() <= 65535, "healthCheck.http.port", "must be between 1 and 65535");
      String path = check.http().path();
      v.require(path == null || (path.startsWith("/") && path.length() <= 1024 && path.chars().noneMatch(c -> c <= ' ' || c == 127)),
          "healthCheck.http.path", "must start with / and have no spaces or control characters");
    }
    range(v, check.intervalSeconds(), 1, 3600, "healthCheck.intervalSeconds");
    // Checks run one after another as the engine is observed: a long one would hold up the others.
    range(v, check.timeoutSeconds(), 1, 60, "healthCheck.timeoutSeconds");
    range(v, check.failureThreshold(), 1, 100, "healthCheck.failureThreshold");
    range(v, check.gracePeriodSeconds(), 0, 3600, "healthCheck.gracePeriodSeconds");
  }

  private static void range(Validator v, Integer value, int min, int max, String field) {
    if (value != null) {
      v.range(value, min, max, field);
    }
  }
}
