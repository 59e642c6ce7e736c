package dev.atrium.portal.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL, used when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory where its data lives between starts (default {@code ~/.atrium/pg})
 * @param port TCP port on 127.0.0.1, 0 for any free one (default 0)
 */
@ConfigurationProperties("atrium.postgres")
public record PostgresSettings(Path dataDirectory, int port) {}
