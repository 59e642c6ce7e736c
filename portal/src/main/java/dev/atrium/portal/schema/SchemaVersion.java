package dev.atrium.portal.schema;

import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One schema for every replica. A newer Atrium migrates the database when it starts; an older one
 * (a replica left behind by an upgrade, a roll-back of the binary alone) refuses to start, rather
 * than run against tables it does not know, which Flyway by default would let it do.
 */
@Configuration(proxyBeanMethods = false)
class SchemaVersion {

  @Bean
  FlywayConfigurationCustomizer refuseNewerSchema() {
    return configuration -> configuration.ignoreMigrationPatterns(new String[0]);
  }
}
