package dev.atrium.cluster.workload;

import dev.atrium.cluster.admission.AdmissionQueue;
import dev.atrium.cluster.metrics.ClusterMetrics;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.placement.Placement;
import dev.atrium.cluster.placement.PlacementRequest;
import dev.atrium.cluster.reservation.CapacityCheck;
import dev.atrium.cluster.reservation.DryRun;
import dev.atrium.cluster.reservation.Reservation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import dev.atrium.cluster.reservation.ReservationUse;
import dev.atrium.cluster.version.VersionStore;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.cluster.hold.Releases;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.QuotaLedger;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's workloads. Creating one is its admission: in one transaction the tenant's quota is
 * charged for every instance (or {@code quota_exceeded}), the workload and its tasks are recorded,
 * and each task is placed on a node with room (or waits, PENDING, with a reason). Containers are
 * launched after the commit, so nothing runs that the database does not know of: the reconciler
 * hears of placed tasks ({@link TaskPlaced}) and killed ones ({@link TaskKilled}) once they commit.
 */
@Service
public class WorkloadService {

  /** How many ended tasks a workload shows beside its live ones; the rest are paged by {@link #tasks}. */
  public static final int ENDED_SHOWN = 20;

  private final WorkloadStore workloads;
  private final TaskStore tasks;
  private final Lifecycle lifecycle;
  private final TenantAccess access;
  private final QuotaLedger ledger;
  private final Fleet fleet;
  private final Releases releases;
  private final ReservationUse reservationUse;
  private final CapacityCheck capacity;
  private final Placement placement;
  private final Clock clock;
  private final VersionStore versions;
  private final dev.atrium.tenancy.access.RowScope scope;
  private final AdmissionQueue admissions;
  private final ClusterMetrics metrics;

  WorkloadService(
      AdmissionQueue admissions,
      ClusterMetrics metrics,
      dev.atrium.tenancy.access.RowScope scope,
      VersionStore versions,
      WorkloadStore workloads,
      TaskStore tasks,
      Lifecycle lifecycle,
      TenantAccess access,
      QuotaLedger ledger,
      Fleet fleet,
      Releases releases,
      ReservationUse reservationUse,
      CapacityCheck capacity,
      Placement placement,
      Clock clock) {
    this.admissions = admissions;
    this.metrics = metrics;
    this.scope = scope;
    this.versions = versions;
    this.reservationUse = reservationUse;
    this.capacity = capacity;
    this.placement = placement;
    this.clock = clock;
    this.workloads = workloads;
    this.tasks = tasks;
    this.lifecycle = lifecycle;
    this.access = access;
    this.ledger = ledger;
    this.fleet = fleet;
    this.releases = releases;
  }

  /**
   * Admits the workload, in a transaction shared with the admissions arriving at the same time
   * ({@link AdmissionQueue}): its answer is its own, and it is answered once committed.
   */
  public Workload create(Actor actor, String slug, WorkloadSpec spec) {
    return metrics.admission("workload", () -> admissions.admit(slug, () -> admit(actor, slug, spec)));
  }

  private Workload admit(Actor actor, String slug, WorkloadSpec spec) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    if (tenant.state() == TenantState.SUSPENDED) {
      throw new TenantSuspendedException(slug);
    }
    WorkloadValidation.check(spec, fleet);
    if (workloads.nameTaken(tenant.id(), spec.name())) {
      throw new ConflictException("Tenant " + slug + " already has a workload named " + spec.name() + ".");
    }
    if (spec.reservation() != null) {
      checkRoomInReservation(tenant, slug, spec, spec.instances());
      ledger.charge(tenant, Lifecycle.quota(Resources.NONE, 1)); // the reservation holds the rest
    } else if (spec.kind() == WorkloadKind.CRON) {
      ledger.charge(tenant, Lifecycle.quota(Resources.NONE, 1)); // each run is charged when it starts
    } else {
      ledger.charge(tenant, Lifecycle.quota(spec.resources().times(spec.instances()), 1));
    }
    WorkloadSpec normalised = normalised(spec);
    WorkloadStore.Row row;
    try {
      row = workloads.insert(tenant.id(), normalised, firstRun(normalised));
    } catch (DuplicateKeyException raced) {
      throw new ConflictException("Tenant " + slug + " already has a workload named " + spec.name() + ".");
    }
    versions.insert(tenant.id(), row.id(), 1, normalised.template(), actor.name());
    if (spec.kind() == WorkloadKind.CRON) {
      return view(tenant, row, List.of());
    }
    // The new tasks are all it shows: nothing to read back.
    return view(tenant, row, addTasks(row, 0, spec.instances()));
  }

  /** A page of the tenant's workloads, newest first, each with the tasks it shows. */
  // One snapshot for the workloads and their tasks: a task the reconciler ends meanwhile is
  // shown once, live or ended, never in neither.
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public Page<Workload> list(Actor actor, String slug, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    Page<WorkloadStore.Row> rows = workloads.page(tenant.id(), page);
    Map<UUID, List<Task>> shown = tasks.shownOf(tenant.id(), rows.items().stream().map(WorkloadStore.Row::id).toList(), ENDED_SHOWN);
    return rows.map(row -> view(tenant, row, shown.get(row.id())));
  }

  /**
   * Would this workload be admitted and placed now, and if not, why and from when? Checked as a
   * create checks it; nothing is written and nothing locked.
   */
  @Transactional(readOnly = true)
  public DryRun dryRun(Actor actor, String slug, WorkloadSpec spec) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadValidation.check(spec, fleet);
    if (tenant.state() == TenantState.SUSPENDED) {
      return DryRun.no("tenant " + slug + " is suspended", null);
    }
    if (workloads.nameTaken(tenant.id(), spec.name())) {
      return DryRun.no("tenant " + slug + " already has a workload named " + spec.name(), null);
    }
    if (spec.reservation() != null) {
      return reservationUse.dryRun(tenant.id(), slug, spec.reservation(), spec.pool(), spec.resources(), spec.instances());
    }
    Optional<QuotaExceededException> refusal = ledger.shortFor(tenant, Lifecycle.quota(spec.resources().times(spec.instances()), 1));
    if (refusal.isPresent()) {
      return DryRun.no(refusal.get().getMessage(), null);
    }
    Map<String, String> labels = spec.nodeLabels() == null ? Map.of() : spec.nodeLabels();
    Duration length = spec.kind() != WorkloadKind.SERVICE && spec.durationSeconds() != null ? Duration.ofSeconds(spec.durationSeconds()) : null;
    CapacityCheck.Fit fit = capacity.fit(spec.pool(), labels, spec.resources(), spec.instances(), clock.instant(), length);
    List<DryRun.Placed> placed = new ArrayList<>();
    for (int i = 0; i < fit.nodes().size(); i++) {
      placed.add(new DryRun.Placed(i, fit.nodes().get(i)));
    }
    if (placed.size() == spec.instances()) {
      return new DryRun(true, placed, null, null);
    }
    String reason =
        placed.size() + " of " + spec.instances() + " instances fit now; "
            + placement.whyNot(new PlacementRequest(spec.pool(), spec.resources(), labels));
    return new DryRun(false, placed, reason, fit.earliestStart());
  }

  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public Workload get(Actor actor, String slug, UUID id) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return view(tenant, workloads.find(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug)));
  }

  /** For platform admins: what PENDING tasks across the fleet wait for, the commonest reasons first. */
  @Transactional(readOnly = true)
  public List<Waiting> waitingByReason(Actor actor, int limit) {
    if (!actor.platformAdmin()) {
      throw new dev.atrium.tenancy.access.ForbiddenException("Only a platform admin can see every tenant's waiting tasks.");
    }
    scope.platform(actor, "see why tasks wait");
    return tasks.pendingByReason(limit);
  }

  /** A page of the workload's tasks, newest first; only those in {@code state} if given. */
  @Transactional(readOnly = true)
  public Page<Task> tasks(Actor actor, String slug, UUID id, TaskState state, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    workloads.find(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug));
    return tasks.page(tenant.id(), id, state, page);
  }

  /** One of the workload's tasks, live or ended however long ago. */
  @Transactional(readOnly = true)
  public Task task(Actor actor, String slug, UUID workloadId, UUID taskId) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return tasks.find(tenant.id(), workloadId, taskId)
        .orElseThrow(() -> new NotFoundException("No task " + taskId + " in workload " + workloadId + "."));
  }

  /** Changes the number of instances: new ones are admitted like a create, surplus ones killed. */
  @Transactional
  public Workload scale(Actor actor, String slug, UUID id, Integer instances) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadValidation.checkScale(instances);
    WorkloadStore.Row row = workloads.lock(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug));
    refuseWhileRollingOut(row);
    if (row.spec().kind() == WorkloadKind.CRON) { // the runs to come have this many instances; running ones keep theirs
      workloads.setInstances(id, instances);
      return view(tenant, workloads.find(tenant.id(), id).orElseThrow());
    }
    // An instance moving off a draining node counts once: the task taking over is not another one.
    List<Task> live = tasks.liveOfWorkload(tenant.id(), id).stream().filter(t -> t.successorOf() == null).toList();
    int now = live.size();
    if (instances > now) {
      if (tenant.state() == TenantState.SUSPENDED) {
        throw new TenantSuspendedException(slug);
      }
      if (row.spec().reservation() != null) {
        checkRoomInReservation(tenant, slug, row.spec(), instances - now);
      } else {
        ledger.charge(tenant, Lifecycle.quota(row.spec().resources().times(instances - now), 0));
      }
      int next = live.stream().mapToInt(Task::instance).max().orElse(-1) + 1;
      addTasks(row, next, instances - now);
    } else {
      live.stream()
          .sorted(Comparator.comparingInt(Task::instance).reversed())
          .limit(now - instances)
          .forEach(task -> kill(task, "scaled down to " + instances));
    }
    workloads.setInstances(id, instances);
    return view(tenant, workloads.find(tenant.id(), id).orElseThrow());
  }

  /**
   * A service scales once its rollout is COMPLETE: the rollout brings the workload to its instances
   * by replacing old tasks, and new ones added meanwhile would be counted twice.
   */
  private static void refuseWhileRollingOut(WorkloadStore.Row row) {
    Rollout rollout = row.rollout();
    String name = row.spec().name();
    switch (rollout.state()) {
      case PROGRESSING -> throw new ConflictException(
          "Version " + rollout.version() + " of " + name + " is rolling out; scale it once the rollout is complete.");
      case PAUSED -> throw new ConflictException(
          "The rollout of version " + rollout.version() + " of " + name + " is paused; resume it, and scale once it is complete.");
      case FAILED -> throw new ConflictException(
          "The rollout of version " + rollout.version() + " of " + name + " failed; roll back or update it, and scale once that rollout is complete.");
      case COMPLETE -> {}
    }
  }

  /** The first instant a new CRON workload runs at (none while suspended); null for the other kinds. */
  private java.time.Instant firstRun(WorkloadSpec spec) {
    return spec.kind() != WorkloadKind.CRON || spec.cron().isSuspended() ? null : nextRun(spec, clock.instant());
  }

  private static java.time.Instant nextRun(WorkloadSpec spec, java.time.Instant after) {
    return WorkloadValidation.schedule(spec.cron()).nextAfter(after).orElse(null);
  }

  /** Stops the workload: its tasks go KILLED and give back their nodes and quota. */
  @Transactional
  public void delete(Actor actor, String slug, UUID id) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadStore.Row row = workloads.lock(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug));
    tasks.liveOfWorkload(tenant.id(), id).forEach(task -> kill(task, "workload deleted"));
    workloads.markDeleted(row.id());
    releases.quota(tenant.id(), Lifecycle.quota(dev.atrium.cluster.pool.Resources.NONE, 1));
  }

  private void kill(Task task, String reason) {
    lifecycle.kill(task, reason);
  }

  /** The workload's new tasks, placed where they fit now. */
  private List<Task> addTasks(WorkloadStore.Row row, int firstInstance, int count) {
    List<Task> added = tasks.insertPending(row.tenantId(), row.id(), row.rollout().version(), firstInstance, count, row.spec());
    return lifecycle.placeOrWait(added, row.spec()).stream().sorted(Comparator.comparingInt(Task::instance)).toList();
  }

  private Workload view(Tenant tenant, WorkloadStore.Row row) {
    return view(tenant, row, tasks.shownOf(tenant.id(), List.of(row.id()), ENDED_SHOWN).get(row.id()));
  }

  /** The workload with the tasks it shows; its state sums up its live tasks, or its last ended ones. */
  private static Workload view(Tenant tenant, WorkloadStore.Row row, List<Task> shown) {
    List<Task> live = shown.stream().filter(t -> !t.state().ended()).toList();
    String state;
    String reason = null;
    if (row.spec().kind() == WorkloadKind.CRON && live.isEmpty()) {
      state = row.spec().cron().isSuspended() ? "SUSPENDED" : "SCHEDULED";
      reason = row.spec().cron().isSuspended() ? null : row.nextRunWaiting();
    } else if (live.isEmpty()) {
      state = shown.stream().anyMatch(t -> t.state() == TaskState.FAILED) ? "FAILED" : shown.isEmpty() ? "SCALED_TO_ZERO" : "FINISHED";
    } else if (live.stream().allMatch(t -> t.state() == TaskState.RUNNING)) {
      state = "RUNNING";
    } else if (live.stream().anyMatch(t -> t.state() == TaskState.PENDING)) {
      state = "PENDING";
      reason = live.stream().filter(t -> t.state() == TaskState.PENDING).map(Task::reason).filter(r -> r != null).findFirst().orElse(null);
    } else {
      state = "STAGING";
    }
    return new Workload(row.id(), tenant.slug(), row.spec(), state, reason, row.createdAt(), shown, nextRuns(row), row.rollout());
  }

  /** The CRON workload's next five runs: the one due (perhaps waiting) and the four after it. */
  private static List<java.time.ZonedDateTime> nextRuns(WorkloadStore.Row row) {
    if (row.spec().kind() != WorkloadKind.CRON || row.nextRunAt() == null) {
      return List.of();
    }
    var schedule = WorkloadValidation.schedule(row.spec().cron());
    List<java.time.ZonedDateTime> next = new ArrayList<>();
    next.add(row.nextRunAt().atZone(schedule.zone()));
    next.addAll(schedule.next(row.nextRunAt(), 4));
    return next;
  }

  private static WorkloadSpec normalised(WorkloadSpec spec) {
    return new WorkloadSpec(
        spec.name(),
        spec.kind(),
        spec.image(),
        spec.command() == null ? List.of() : spec.command(),
        spec.env() == null ? java.util.Map.of() : spec.env(),
        spec.resources(),
        spec.instances(),
        spec.pool(),
        spec.nodeLabels() == null ? java.util.Map.of() : spec.nodeLabels(),
        spec.durationSeconds(),
        spec.reservation(),
        spec.cron() == null ? null : spec.cron().normalised(),
        spec.healthCheck() == null ? null : spec.healthCheck().normalised(),
        spec.spreadBy(),
        spec.ports() == null ? List.of() : spec.ports(),
        spec.kind() == WorkloadKind.SERVICE ? (spec.rollout() == null ? RolloutStrategy.DEFAULT : spec.rollout().normalised()) : RolloutStrategy.DEFAULT);
  }

  /**
   * The workload's instances go into the slots of the reservation it names: same pool, each instance
   * within a slot's size, and no more instances than free slots. The reservation stays locked until
   * commit, so concurrent admissions into it count each other.
   */
  private void checkRoomInReservation(Tenant tenant, String slug, WorkloadSpec spec, int more) {
    Reservation r = reservationUse.forAdmission(tenant.id(), slug, spec.reservation());
    Validator v = new Validator();
    v.require(r.pool().equals(spec.pool()), "pool", "must be " + r.pool() + ", the pool of reservation " + r.name());
    v.require(
        spec.resources().fitsIn(r.resources()),
        "resources",
        "each instance must fit in a slot of reservation " + r.name() + " (" + dev.atrium.cluster.pool.Amounts.of(r.resources()) + ")");
    v.throwIfInvalid();
    int inUse = tasks.liveInReservation(tenant.id(), r.id()).size();
    if (inUse + more > r.instances()) {
      throw new ReservationFullException(
          "Reservation " + r.name() + " has " + r.instances() + " slots, " + inUse + " in use; " + more + " more instances do not fit.");
    }
  }

  private static NotFoundException noWorkload(UUID id, String slug) {
    return new NotFoundException("No workload " + id + " in tenant " + slug + ".");
  }
}
