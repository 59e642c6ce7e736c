package dev.atrium.cluster.reservation;

import dev.atrium.cluster.pool.Resources;
import java.time.Instant;
import java.util.Map;

/** A booking as asked for: {@code instances} of {@code resources} each in {@code pool} for {@code [start, end)}. */
public record NewReservation(
    String name, String pool, Resources resources, Integer instances, Instant start, Instant end, Map<String, String> nodeLabels) {}
