package dev.atrium.portal.embedded;

import dev.atrium.tenancy.access.RowScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Warns at start when the database role would make row-level security a no-op. */
@Component
class RowSecurityCheck implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(RowSecurityCheck.class);

  private final RowScope scope;

  RowSecurityCheck(RowScope scope) {
    this.scope = scope;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!scope.enforced()) {
      log.warn(
          "Atrium connects to PostgreSQL as a superuser or a role with BYPASSRLS: row-level security does not"
              + " keep tenants apart. Connect as the role that owns the schema, without SUPERUSER or BYPASSRLS.");
    }
  }
}
