package dev.atrium.tenancy.metering;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Rolls open intervals into the hourly figures every {@code atrium.metering.roll-interval}. */
@Component
class Roller implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Roller.class);

  private final UsageMeter meter;
  private final MeteringSettings settings;
  private ScheduledExecutorService executor;

  Roller(UsageMeter meter, MeteringSettings settings) {
    this.meter = meter;
    this.settings = settings;
  }

  @Override
  public synchronized void start() {
    if (!settings.rollerEnabled()) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "atrium-metering"));
    long millis = settings.rollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::rollOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void rollOnce() {
    try {
      meter.roll();
    } catch (RuntimeException e) {
      log.warn("Metering roll failed; the next one catches up: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
