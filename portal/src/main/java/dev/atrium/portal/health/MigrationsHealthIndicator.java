package dev.atrium.portal.health;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Ready when the database's schema is the one this Atrium was built for: no migration pending, and
 * none applied that this Atrium does not know. The second is a replica left running on the old
 * version after a newer one migrated the database: it stops taking traffic (and, restarted, refuses
 * to start).
 */
@Component
class MigrationsHealthIndicator extends AbstractHealthIndicator {

  private final Flyway flyway;

  MigrationsHealthIndicator(Flyway flyway) {
    super("The database's migrations cannot be read");
    this.flyway = flyway;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    MigrationInfoService info = flyway.info();
    MigrationInfo current = info.current();
    int pending = info.pending().length;
    long unknown = Arrays.stream(info.applied()).filter(m -> m.getState().name().startsWith("FUTURE")).count();
    health.status(pending == 0 && unknown == 0 ? "UP" : "DOWN")
        .withDetail("version", current == null ? "none" : current.getVersion().getVersion())
        .withDetail("pending", pending)
        .withDetail("newer", unknown);
  }
}
