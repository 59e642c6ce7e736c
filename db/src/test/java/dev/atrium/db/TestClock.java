package dev.atrium.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock metering reads, which a test sets to any instant (to start and stop work across hour and
 * day boundaries without waiting for them) and then moves on. Unset, it is the system clock.
 */
public class TestClock extends Clock {

  private volatile Instant now;

  public void set(Instant instant) {
    now = instant;
  }

  public void advance(Duration duration) {
    now = instant().plus(duration);
  }

  /** Back to the system clock. */
  public void reset() {
    now = null;
  }

  @Override
  public Instant instant() {
    Instant fixed = now;
    return fixed != null ? fixed : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
