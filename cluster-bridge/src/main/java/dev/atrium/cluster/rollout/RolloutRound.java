package dev.atrium.cluster.rollout;

import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationUse;
import dev.atrium.cluster.workload.Lifecycle;
import dev.atrium.cluster.workload.Rollout;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.TaskStore;
import dev.atrium.cluster.workload.WorkloadSpec;
import dev.atrium.cluster.workload.WorkloadStore;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.quota.QuotaLedger;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One step of a SERVICE's rollout, as the reconciler takes it each round, in two transactions under
 * the workload's row lock. {@link #retire} judges the rollout (COMPLETE, or FAILED when it cannot
 * progress) and stops the old tasks it may: those not running at once, running ones while the
 * instances running stay at least {@code instances − maxUnavailable}. {@link #start} adds new tasks
 * up to {@code instances + maxSurge} live ones, each charged to the quota; when the quota has no room
 * for a surge, the rollout goes on one task at a time (as with {@code maxUnavailable} 1) and says so.
 * They are separate because stopping gives nodes and quota back at commit, nodes first, while
 * starting charges the quota before it takes a node: in one transaction the two orders would meet.
 * Each reads the tasks afresh, so either is safe to repeat after a crash at any line.
 */
@Component
public class RolloutRound {

  /** New tasks that fail one after another, none becoming healthy between, before a rollout stops. */
  public static final int FAILURES_TO_STOP = 3;

  /** How long a rollout may go without a new task becoming healthy before it stops. */
  public static final Duration PROGRESS_DEADLINE = Duration.ofMinutes(10);

  private final RolloutStore store;
  private final TaskStore tasks;
  private final Lifecycle lifecycle;
  private final QuotaLedger ledger;
  private final TenantService tenants;
  private final ReservationUse reservations;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  RolloutRound(
      RolloutStore store,
      TaskStore tasks,
      Lifecycle lifecycle,
      QuotaLedger ledger,
      TenantService tenants,
      ReservationUse reservations,
      AuditLog audit,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.lifecycle = lifecycle;
    this.ledger = ledger;
    this.tenants = tenants;
    this.reservations = reservations;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** Workloads with a rollout under way, after {@code after} (null: from the first). */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> progressing(UUID after, int limit) {
    return store.progressing(after, limit);
  }

  /**
   * Judges the rollout and stops the old tasks it may stop now; true if it is still under way (and
   * not held by someone else now), so that new tasks may be started.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean retire(UUID workloadId) {
    Optional<WorkloadStore.Row> locked = store.lockProgressingIfFree(workloadId);
    Optional<Tenant> tenant = locked.flatMap(row -> tenants.find(row.tenantId()));
    if (tenant.isEmpty()) {
      return false;
    }
    WorkloadStore.Row row = locked.get();
    Rollout rollout = row.rollout();
    Instances now = instances(row);
    int instances = row.spec().instances();
    Instant progressAt = rollout.progressAt() != null ? rollout.progressAt() : clock.instant();
    if (now.updated() > rollout.updatedSeen()) {
      store.progressed(row.id(), now.updated());
      progressAt = clock.instant();
    }
    if (now.old().isEmpty() && now.fresh().size() == instances && now.updated() == instances) {
      store.move(row.id(), RolloutState.PROGRESSING, RolloutState.COMPLETE, null);
      record(tenant.get(), row, RolloutState.COMPLETE, null);
      return false;
    }
    Optional<String> stuck = stuck(row, now, progressAt);
    if (stuck.isPresent()) {
      store.move(row.id(), RolloutState.PROGRESSING, RolloutState.FAILED, stuck.get());
      // New tasks that do not run would only fail or wait again: they stop, the old ones serve on.
      now.fresh().stream().filter(t -> t.state() != TaskState.RUNNING).forEach(t -> lifecycle.kill(t, "the rollout of version " + rollout.version() + " failed"));
      record(tenant.get(), row, RolloutState.FAILED, stuck.get());
      return false;
    }
    int maxUnavailable = Math.max(row.spec().rollout().maxUnavailable(), rollout.withoutSurge() ? 1 : 0);
    long available = now.live().stream().filter(t -> t.state() == TaskState.RUNNING).count();
    boolean stopped = false;
    for (Task old : now.old()) { // those not running first: they serve nothing
      if (old.state() != TaskState.RUNNING) {
        lifecycle.kill(old, "replaced by version " + rollout.version());
        stopped = true;
      } else if (available - 1 >= instances - maxUnavailable) {
        lifecycle.kill(old, "replaced by version " + rollout.version());
        available--;
        stopped = true;
      }
    }
    if (stopped) {
      events.publishEvent(new RolloutChanged(row.tenantId()));
    }
    return true;
  }

  /** Starts as many new tasks as the surge and the quota allow. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void start(UUID workloadId) {
    Optional<WorkloadStore.Row> locked = store.lockProgressingIfFree(workloadId);
    Optional<Tenant> tenant = locked.flatMap(row -> tenants.find(row.tenantId()));
    if (tenant.isEmpty()) {
      return;
    }
    WorkloadStore.Row row = locked.get();
    Rollout rollout = row.rollout();
    WorkloadSpec spec = row.spec();
    Instances now = instances(row);
    int instances = spec.instances();
    int surge = rollout.withoutSurge() ? 0 : spec.rollout().maxSurge();
    int toStart = Math.min(instances + surge - now.live().size(), instances - now.fresh().size());
    Set<Integer> taken = new HashSet<>(now.fresh().stream().map(Task::instance).toList());
    int instance = 0;
    int started = 0;
    for (; started < toStart; started++) {
      boolean surging = now.live().size() + started >= instances;
      Optional<String> refused = admit(tenant.get(), spec);
      if (refused.isPresent()) {
        if (surging && !rollout.withoutSurge() && spec.rollout().maxUnavailable() == 0) {
          store.withoutSurge(row.id(), refused.get() + ", so there is no room for a surge: rolling one task at a time instead (as with maxUnavailable 1)");
        } else {
          store.reason(row.id(), "waiting: " + refused.get());
        }
        break;
      }
      while (taken.contains(instance)) {
        instance++;
      }
      taken.add(instance);
      lifecycle.placeOrWait(tasks.insertPending(row.tenantId(), row.id(), rollout.version(), instance, spec));
    }
    if (started > 0) {
      if (!rollout.withoutSurge()) {
        store.reason(row.id(), null);
      }
      events.publishEvent(new RolloutChanged(row.tenantId()));
    }
  }

  /** Charges the tenant's quota for a new task, or takes room in its reservation; why not, if it cannot. */
  private Optional<String> admit(Tenant tenant, WorkloadSpec spec) {
    if (spec.reservation() == null) {
      return ledger.tryCharge(tenant, Lifecycle.quota(spec.resources(), 0)).map(QuotaExceededException::getMessage);
    }
    Reservation r;
    try {
      r = reservations.forAdmission(tenant.id(), tenant.slug(), spec.reservation());
    } catch (RuntimeException e) { // ended or cancelled meanwhile
      return Optional.of(e.getMessage());
    }
    if (tasks.liveInReservation(tenant.id(), r.id()).size() >= r.instances()) {
      return Optional.of("reservation " + r.name() + " has no free slot");
    }
    return Optional.empty();
  }

  /**
   * Why the rollout cannot progress, if it cannot: its new tasks failed {@link #FAILURES_TO_STOP}
   * times since one last became healthy, or none has for {@link #PROGRESS_DEADLINE}.
   */
  private Optional<String> stuck(WorkloadStore.Row row, Instances now, Instant progressAt) {
    int version = row.rollout().version();
    List<Task> streak = tasks.ofVersionSince(row.tenantId(), row.id(), version, progressAt);
    List<Task> failed = streak.stream().filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.LOST).toList();
    if (failed.size() >= FAILURES_TO_STOP) {
      return Optional.of("version " + version + ": " + failed.size() + " of " + streak.size() + " new tasks failed: " + failed.get(0).reason());
    }
    if (clock.instant().isBefore(progressAt.plus(PROGRESS_DEADLINE))) {
      return Optional.empty();
    }
    String why =
        now.fresh().stream()
            .filter(t -> t.state() == TaskState.PENDING && t.reason() != null)
            .map(t -> "a new task waits: " + t.reason())
            .findFirst()
            .orElse(row.rollout().reason() != null ? row.rollout().reason() : "new tasks have not become healthy");
    return Optional.of("version " + version + ": no new task became healthy in " + PROGRESS_DEADLINE.toMinutes() + " minutes; " + why);
  }

  private void record(Tenant tenant, WorkloadStore.Row row, RolloutState state, String reason) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("version", row.rollout().version());
    after.put("state", state.name());
    if (reason != null) {
      after.put("reason", reason);
    }
    audit.record(Actor.SYSTEM, tenant, "workload.rollout", "workload/" + row.id(), null, after);
    events.publishEvent(new RolloutChanged(row.tenantId()));
  }

  /**
   * The workload's live instances (a task taking over from another off a draining node is part of
   * its predecessor's instance), split into those of the current version and the old ones, the old
   * ones not running first, then from the highest instance down.
   */
  private Instances instances(WorkloadStore.Row row) {
    int version = row.rollout().version();
    List<Task> live = tasks.liveOfWorkload(row.tenantId(), row.id()).stream().filter(t -> t.successorOf() == null).toList();
    List<Task> fresh = live.stream().filter(t -> t.version() == version).toList();
    List<Task> old =
        live.stream()
            .filter(t -> t.version() != version)
            .sorted(Comparator.comparing((Task t) -> t.state() == TaskState.RUNNING).thenComparing(Comparator.comparingInt(Task::instance).reversed()))
            .toList();
    long updated = fresh.stream().filter(t -> t.state() == TaskState.RUNNING).count();
    return new Instances(live, fresh, old, (int) updated);
  }

  private record Instances(List<Task> live, List<Task> fresh, List<Task> old, int updated) {}
}
