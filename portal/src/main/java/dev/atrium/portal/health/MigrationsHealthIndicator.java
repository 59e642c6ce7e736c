package dev.atrium.portal.health;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Ready when the database's schema is the one this Atrium was built for: no migration pending. */
@Component
class MigrationsHealthIndicator extends AbstractHealthIndicator {

  private final Flyway flyway;

  MigrationsHealthIndicator(Flyway flyway) {
    super("The database's migrations cannot be read");
    this.flyway = flyway;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    var info = flyway.info();
    MigrationInfo current = info.current();
    health.status(info.pending().length == 0 ? "UP" : "DOWN")
        .withDetail("version", current == null ? "none" : current.getVersion().getVersion())
        .withDetail("pending", info.pending().length);
  }
}
