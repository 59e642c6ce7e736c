package dev.atrium.portal.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole portal on a random port, with its embedded PostgreSQL (fresh data for this run, demo
 * tenants created) and the shared test Keycloak. Every class with this annotation shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // metrics in Prometheus' format, as in production
@ContextConfiguration(initializers = PortalTestProperties.class)
public @interface PortalTest {}
