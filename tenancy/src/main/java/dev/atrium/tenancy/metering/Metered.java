package dev.atrium.tenancy.metering;

import java.time.Instant;

/**
 * How far the usage figures reach: periods that end by {@code finalUntil} are final; the others are
 * counted up to {@code countedUntil} (the last roll of open usage), so their averages divide by that.
 */
public record Metered(Instant finalUntil, Instant countedUntil) {

  /** The seconds of [start, end) that the figures cover. */
  public long coveredSeconds(Instant start, Instant end) {
    Instant until = end.isBefore(countedUntil) ? end : countedUntil;
    return Math.max(0, until.getEpochSecond() - start.getEpochSecond());
  }
}
