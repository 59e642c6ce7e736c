package dev.atrium.cluster.rollout;

import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationUse;
import dev.atrium.cluster.version.VersionStore;
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
import dev.atrium.tenancy.tenant.TenantState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * progress) and stops the tasks it may: old ones not running at once, running ones while the
 * instances running stay at least {@code instances − maxUnavailable}. {@link #start} adds new tasks
 * up to {@code instances + maxSurge} live ones, each charged to the quota; when the quota has no room
 * for a surge, the rollout goes on one task at a time (as with {@code maxUnavailable} 1) and says so.
 * After a rollout FAILED, the same two steps stop the failed version's tasks that do not run and
 * bring the workload back to its instances with tasks of the version it came from.
 *
 * <p>They are separate transactions because stopping gives nodes and quota back at commit, nodes
 * first, while starting charges the quota before it takes a node: in one transaction the two orders
 * would meet. Each reads the tasks afresh and claims each task it stops (skipping one a request is
 * changing), so either is safe to repeat after a crash at any line.
 */
@Component
public class RolloutRound {

  /** New tasks that fail one after another, none becoming healthy between, before a rollout stops. */
  public static final int FAILURES_TO_STOP = 3;

  /** How long a rollout may go without a new task becoming healthy before it stops. */
  public static final Duration PROGRESS_DEADLINE = Duration.ofMinutes(10);

  private final RolloutStore store;
  private final TaskStore tasks;
  private final VersionStore versions;
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
      VersionStore versions,
      Lifecycle lifecycle,
      QuotaLedger ledger,
      TenantService tenants,
      ReservationUse reservations,
      AuditLog audit,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.versions = versions;
    this.lifecycle = lifecycle;
    this.ledger = ledger;
    this.tenants = tenants;
    this.reservations = reservations;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** Workloads with a rollout under way, or a failed one still to settle, after {@code after} (null: from the first). */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> toStep(UUID after, int limit) {
    return store.toStep(after, limit);
  }

  /**
   * The reconciler was not running for a while (a new leader, a pause): the rollouts under way had
   * no chance to progress, so their deadlines start over rather than fail them all at once.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void restartDeadlines() {
    store.restartDeadlines();
  }

  /**
   * Judges the rollout and stops the tasks it may stop now; true if {@link #start} has work to do
   * (the workload was free, and its rollout is under way or failed).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean retire(UUID workloadId) {
    Optional<WorkloadStore.Row> locked = store.lockToStepIfFree(workloadId);
    Optional<Tenant> tenant = locked.flatMap(row -> tenants.find(row.tenantId()));
    if (tenant.isEmpty()) {
      return false;
    }
    WorkloadStore.Row row = locked.get();
    Rollout rollout = row.rollout();
    Instances now = instances(row);
    if (rollout.state() == RolloutState.FAILED) {
      stopFailedVersion(row, now);
      return true;
    }
    int instances = row.spec().instances();
    Instant progressAt = rollout.progressAt() != null ? rollout.progressAt() : clock.instant();
    if (now.updated() > rollout.updatedSeen()) {
      store.progressed(row.id(), rollout.version(), now.updated());
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
      stopFailedVersion(row, now);
      record(tenant.get(), row, RolloutState.FAILED, stuck.get());
      return true;
    }
    retireOld(tenant.get(), row, now);
    return true;
  }

  /** Stops old tasks: those not running at once, running ones while enough instances still run. */
  private void retireOld(Tenant tenant, WorkloadStore.Row row, Instances now) {
    Rollout rollout = row.rollout();
    int instances = row.spec().instances();
    int asked = row.spec().rollout().maxUnavailable();
    int maxUnavailable = Math.max(asked, rollout.withoutSurge() ? 1 : 0);
    long available = now.live().stream().filter(t -> t.state() == TaskState.RUNNING).count();
    boolean stopped = false;
    for (Task old : now.old()) { // those not running first: they serve nothing
      boolean running = old.state() == TaskState.RUNNING;
      if (running && available - 1 < instances - maxUnavailable) {
        continue;
      }
      if (running && available - 1 < instances - asked && !roomAfterStopping(tenant, row.spec(), old)) {
        // Only the quota's lack of room for a surge lets this task stop: not before its replacement fits.
        store.reason(row.id(), rollout.version(), "waiting: the quota has no room for a task of version " + rollout.version()
            + " even once one of the old ones stops");
        break;
      }
      if (tasks.claim(old.id(), old.state())) { // a task a request is changing now is taken up next round
        lifecycle.kill(old, "replaced by version " + rollout.version());
        stopped = true;
        if (running) {
          available--;
        }
      }
    }
    if (stopped) {
      events.publishEvent(new RolloutChanged(row.tenantId()));
    }
  }

  /** The failed version's tasks that do not run would only fail or wait again: they stop. */
  private void stopFailedVersion(WorkloadStore.Row row, Instances now) {
    boolean stopped = false;
    for (Task task : now.fresh()) {
      if (task.state() != TaskState.RUNNING && tasks.claim(task.id(), task.state())) {
        lifecycle.kill(task, "the rollout of version " + row.rollout().version() + " failed");
        stopped = true;
      }
    }
    if (stopped) {
      events.publishEvent(new RolloutChanged(row.tenantId()));
    }
  }

  /**
   * Starts as many new tasks as the surge and the quota allow; after a failed rollout, as many tasks
   * of the version it came from as the workload is short of its instances.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void start(UUID workloadId) {
    Optional<WorkloadStore.Row> locked = store.lockToStepIfFree(workloadId);
    Optional<Tenant> tenant = locked.flatMap(row -> tenants.find(row.tenantId()));
    if (tenant.isEmpty()) {
      return;
    }
    WorkloadStore.Row row = locked.get();
    Rollout rollout = row.rollout();
    if (tenant.get().state() == TenantState.SUSPENDED) { // nothing starts for it until it is resumed
      store.reason(row.id(), rollout.version(), "waiting: tenant " + tenant.get().slug() + " is suspended");
      return;
    }
    Instances now = instances(row);
    int instances = row.spec().instances();
    if (rollout.state() == RolloutState.FAILED) {
      Optional<WorkloadSpec> before =
          Optional.ofNullable(rollout.previousVersion()).flatMap(v -> versions.find(row.id(), v)).map(v -> row.spec().with(v.template()));
      if (before.isPresent()) {
        add(tenant.get(), row, before.get(), rollout.previousVersion(), now, instances - now.live().size());
      }
      return;
    }
    WorkloadSpec spec = row.spec();
    int surge = rollout.withoutSurge() ? 0 : spec.rollout().maxSurge();
    int toStart = Math.min(instances + surge - now.live().size(), instances - now.fresh().size());
    Added added = add(tenant.get(), row, spec, rollout.version(), now, toStart);
    if (added.refused().isEmpty()) {
      if (added.started() > 0 && !rollout.withoutSurge()) {
        store.reason(row.id(), rollout.version(), null);
      }
      return;
    }
    boolean surging = now.live().size() + added.started() >= instances;
    if (surging && !rollout.withoutSurge() && spec.rollout().maxUnavailable() == 0) {
      store.withoutSurge(row.id(), rollout.version(), added.refused().get()
          + ", so there is no room for a surge: rolling one task at a time instead (as with maxUnavailable 1)");
    } else {
      store.reason(row.id(), rollout.version(), "waiting: " + added.refused().get());
    }
  }

  /** How many tasks {@link #add} started, and the refusal that stopped it short, if one did. */
  private record Added(int started, Optional<String> refused) {}

  /** Adds up to {@code count} tasks of {@code version} ({@code spec}), each admitted first. */
  private Added add(Tenant tenant, WorkloadStore.Row row, WorkloadSpec spec, int version, Instances now, int count) {
    Set<Integer> taken = new HashSet<>(now.live().stream().filter(t -> t.version() == version).map(Task::instance).toList());
    int instance = 0;
    for (int started = 0; started < count; started++) {
      Optional<String> refused = admit(tenant, spec);
      if (refused.isPresent()) {
        return new Added(started, refused);
      }
      while (taken.contains(instance)) {
        instance++;
      }
      taken.add(instance);
      lifecycle.placeOrWait(tasks.insertPending(row.tenantId(), row.id(), version, instance, spec));
      events.publishEvent(new RolloutChanged(row.tenantId()));
    }
    return new Added(Math.max(0, count), Optional.empty());
  }

  /** Charges the tenant's quota for a new task, or takes room in its reservation; why not, if it cannot. */
  private Optional<String> admit(Tenant tenant, WorkloadSpec spec) {
    if (spec.reservation() == null) {
      return ledger.tryCharge(tenant, Lifecycle.quota(spec.resources(), 0)).map(QuotaExceededException::getMessage);
    }
    Optional<Reservation> r = reservations.activeIfFree(spec.reservation());
    if (r.isEmpty()) {
      return Optional.of("its reservation is not ACTIVE, or is being changed");
    }
    if (tasks.liveInReservation(tenant.id(), r.get().id()).size() >= r.get().instances()) {
      return Optional.of("reservation " + r.get().name() + " has no free slot");
    }
    return Optional.empty();
  }

  /** Whether a task of the spec's version fits the quota once {@code old} gives its own back. */
  private boolean roomAfterStopping(Tenant tenant, WorkloadSpec spec, Task old) {
    if (spec.reservation() != null) {
      return true; // it takes the slot the old task frees
    }
    Resources more = new Resources(
        Math.max(0, spec.resources().cpuMillis() - old.resources().cpuMillis()),
        Math.max(0, spec.resources().memoryMiB() - old.resources().memoryMiB()),
        Math.max(0, spec.resources().gpus() - old.resources().gpus()));
    return ledger.shortFor(tenant, Lifecycle.quota(more, 0)).isEmpty();
  }

  /**
   * Why the rollout cannot progress, if it cannot: its new tasks failed {@link #FAILURES_TO_STOP}
   * times since one last became healthy, or none has for {@link #PROGRESS_DEADLINE}.
   */
  private Optional<String> stuck(WorkloadStore.Row row, Instances now, Instant progressAt) {
    int version = row.rollout().version();
    List<Task> streak = tasks.ofVersionSince(row.tenantId(), row.id(), version, progressAt);
    // Failed by themselves (exited, unhealthy, not launched): a task lost with its node says nothing of its version.
    List<Task> failed = streak.stream().filter(t -> t.state() == TaskState.FAILED).toList();
    if (failed.size() >= FAILURES_TO_STOP) {
      return Optional.of("version " + version + ": " + failed.size() + " of " + streak.size() + " new tasks failed: "
          + Objects.requireNonNullElse(failed.get(0).reason(), "exited"));
    }
    if (clock.instant().isBefore(progressAt.plus(PROGRESS_DEADLINE))) {
      return Optional.empty();
    }
    String why =
        now.fresh().stream()
            .filter(t -> t.state() == TaskState.PENDING && t.reason() != null)
            .map(t -> "a new task waits: " + t.reason())
            .findFirst()
            .orElse(row.rollout().reason() != null ? row.rollout().reason() : "its new tasks have not become healthy");
    return Optional.of("version " + version + ": no progress in " + PROGRESS_DEADLINE.toMinutes() + " minutes; " + why);
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
