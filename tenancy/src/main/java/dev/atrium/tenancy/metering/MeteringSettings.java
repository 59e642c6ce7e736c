package dev.atrium.tenancy.metering;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code atrium.metering.*}: how often open intervals are rolled into the hourly figures (which is how
 * fresh a period that has not ended yet is in exports), and whether this replica rolls at all.
 */
@ConfigurationProperties("atrium.metering")
public record MeteringSettings(
    @DefaultValue("1m") Duration rollInterval, @DefaultValue("true") boolean rollerEnabled) {}
