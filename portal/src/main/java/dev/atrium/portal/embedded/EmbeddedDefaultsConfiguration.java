package dev.atrium.portal.embedded;

import dev.atrium.db.embedded.EmbeddedPostgresServer;
import dev.atrium.portal.security.OidcIssuer;
import dev.atrium.portal.security.OidcSettings;
import dev.atrium.tenancy.demo.DemoTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The embedded default: with no configuration, Atrium starts its own Keycloak and PostgreSQL. Each is
 * replaced by configuration ({@code ATRIUM_OIDC_ISSUER}, {@code spring.datasource.url}), and then
 * nothing is started.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDefaultsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDefaultsConfiguration.class);
  private static final String NO_DATASOURCE_URL = "'${spring.datasource.url:}'.isEmpty()";

  /** Declared first so Keycloak boots in the background while the rest of the context starts. */
  @Bean
  OidcIssuer oidcIssuer(OidcSettings oidc, KeycloakSettings keycloak) {
    if (oidc.external()) {
      String issuer = oidc.issuer();
      return () -> issuer;
    }
    return EmbeddedKeycloak.start(keycloak);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression(NO_DATASOURCE_URL)
  EmbeddedPostgresServer embeddedPostgres(PostgresSettings settings) {
    return EmbeddedPostgresServer.start(settings.dataDirectory(), settings.port());
  }

  @Bean
  @ConditionalOnExpression(NO_DATASOURCE_URL)
  JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgresServer postgres) {
    return new JdbcConnectionDetails() {
      @Override
      public String getUsername() {
        return postgres.username();
      }

      @Override
      public String getPassword() {
        return "";
      }

      @Override
      public String getJdbcUrl() {
        return postgres.jdbcUrl();
      }
    };
  }

  /** Demo tenants exist on the embedded database only, never on one configured by an operator. */
  @Bean
  @Order(1)
  @ConditionalOnExpression(NO_DATASOURCE_URL)
  ApplicationRunner createDemoTenants(DemoTenants demo) {
    return args -> {
      if (demo.createOnce()) {
        log.info("Created the demo tenants acme and globex");
      }
    };
  }

  /** Atrium is not ready before sign-in works; a Keycloak that cannot start stops Atrium. */
  @Bean
  @Order(2)
  ApplicationRunner awaitIdentityProvider(OidcIssuer issuer) {
    return args -> issuer.awaitReady();
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> announceReady(OidcIssuer issuer, Environment environment) {
    return event -> {
      String address = environment.getProperty("server.address", "127.0.0.1");
      String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
      log.info(
          "Atrium is ready at http://{}:{}/ (identity provider {}{})",
          address,
          port,
          issuer.uri(),
          issuer instanceof EmbeddedKeycloak ? "; dev realm users: ada, alice, carol, bob, dave, password <name>-dev-pw" : "");
    };
  }
}
