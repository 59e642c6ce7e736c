package dev.atrium.tenancy.metering;

import dev.atrium.tenancy.quota.Quota;
import java.time.Instant;

/** A tenant's quota as it was from {@code from} until {@code until} (null: it still is). */
public record QuotaStep(Instant from, Instant until, Quota limit) {}
