package dev.atrium.cluster.metrics;

import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the cluster bridge counts as it works: admissions by outcome and how long they take, the
 * reconciler's rounds and whether this replica leads, and the engines' errors by pool. The portal
 * publishes them in Prometheus' format ({@code atrium_admissions_total}, …); without a registry (a
 * test of the bridge alone) they are counted in memory.
 */
@Component
public class ClusterMetrics {

  /** A refusal for want of room (a reservation with no free slot), counted as outcome {@code capacity}. */
  public interface CapacityRefusal {}

  static final String[] KINDS = {"workload", "reservation"};
  static final String[] OUTCOMES = {"admitted", "quota_exceeded", "capacity", "validation", "refused", "error"};

  private final MeterRegistry registry;
  private final AtomicInteger leader = new AtomicInteger();
  private final Timer round;
  /** Made once, not looked up on every admission: by kind, and by kind and outcome. */
  private final Map<String, Timer> latencies = new HashMap<>();
  private final Map<String, Counter> admissions = new HashMap<>();

  public ClusterMetrics(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
    this.registry.gauge("atrium.reconciler.leader", leader);
    this.round =
        Timer.builder("atrium.reconciler.round.duration")
            .description("How long a reconciler round took on the leader")
            .publishPercentileHistogram()
            .register(this.registry);
    // Every series from the start, so that rates and alerts see a zero rather than nothing.
    for (String kind : KINDS) {
      for (String outcome : OUTCOMES) {
        admissions.put(kind + "/" + outcome, admissions(kind, outcome));
      }
      latencies.put(kind, latency(kind));
    }
  }

  /**
   * Runs an admission of {@code kind} ({@code workload}, or {@code reservation}: a booking), counting it under its outcome and
   * timing it from the request to the answer.
   */
  public <T> T admission(String kind, Supplier<T> admission) {
    long start = System.nanoTime();
    String outcome = "error"; // unless it is answered, or refused for a reason of the request's own
    try {
      T admitted = admission.get();
      outcome = "admitted";
      return admitted;
    } catch (RuntimeException refused) {
      outcome = outcome(refused);
      throw refused;
    } finally {
      latencies.get(kind).record(Duration.ofNanos(System.nanoTime() - start));
      admissions.get(kind + "/" + outcome).increment();
    }
  }

  private Timer latency(String kind) {
    return Timer.builder("atrium.admission.duration")
        .description("Time from an admission's request to its answer")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .register(registry);
  }

  private Counter admissions(String kind, String outcome) {
    return Counter.builder("atrium.admissions").description("Admissions by outcome").tags("kind", kind, "outcome", outcome).register(registry);
  }

  private static String outcome(RuntimeException refused) {
    if (refused instanceof QuotaExceededException) {
      return "quota_exceeded";
    }
    if (refused instanceof CapacityRefusal) {
      return "capacity";
    }
    if (refused instanceof ValidationException) {
      return "validation";
    }
    if (refused instanceof ForbiddenException
        || refused instanceof NotFoundException
        || refused instanceof ConflictException
        || refused instanceof TenantSuspendedException) {
      return "refused"; // not allowed, no such tenant, suspended, a name taken
    }
    return "error"; // Atrium's own failure (the database, a timeout): the caller got a 5xx
  }

  public void roundTook(Duration took) {
    round.record(took);
  }

  public void leading(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /** An engine could not do what was asked (launch, observe, list, kill). */
  public void driverError(String pool) {
    Counter.builder("atrium.driver.errors").description("Errors from a pool's engine").tag("pool", pool).register(registry).increment();
  }
}
