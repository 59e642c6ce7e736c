package dev.atrium.tenancy.metering;

import java.time.Instant;

/** Open usage was rolled into the hourly figures; periods ending by {@code sealedUntil} are final. */
public record UsageRolled(Instant sealedUntil) {}
