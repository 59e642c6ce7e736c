package dev.atrium.cluster.cron;

import dev.atrium.cluster.schedule.CronSchedule;
import dev.atrium.cluster.workload.ConcurrencyPolicy;
import dev.atrium.cluster.workload.CronSpec;
import dev.atrium.cluster.workload.RunTasks;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadStore;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import dev.atrium.tenancy.tenant.TenantState;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The runs of CRON workloads. Each scheduled instant gets exactly one run row, created in the
 * transaction that admits its tasks and moves the workload's next run on (a compare-and-set, under
 * the workload's row lock, with a unique index behind it): a crash, a restart or a second replica can
 * never make two. A run due while Atrium was down starts if still within its starting deadline, or
 * is recorded MISSED with the reason; one the quota has no room for waits until its deadline.
 */
@Service
public class CronRuns {

  /** The most scheduled instants one transaction records; a longer backlog takes several. */
  static final int INSTANTS_PER_TRANSACTION = 500;

  private final CronRunStore runs;
  private final WorkloadStore workloads;
  private final RunTasks tasks;
  private final TenantService tenants;
  private final TenantAccess access;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  CronRuns(
      CronRunStore runs,
      WorkloadStore workloads,
      RunTasks tasks,
      TenantService tenants,
      TenantAccess access,
      AuditLog audit,
      ApplicationEventPublisher events,
      Clock clock) {
    this.runs = runs;
    this.workloads = workloads;
    this.tasks = tasks;
    this.tenants = tenants;
    this.access = access;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** CRON workloads with a run due now, the most overdue first. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<UUID> due(int limit) {
    return workloads.cronDue(clock.instant(), limit);
  }

  /**
   * Records the workload's due runs, oldest first: each is started, or SKIPPED (FORBID while one
   * runs), or MISSED (past its deadline). Stops at a run the quota has no room for (it waits, and is
   * tried again next round). Does nothing if another transaction holds the workload now. Answers
   * how many instants it recorded.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int catchUp(UUID workloadId) {
    Optional<WorkloadStore.Row> locked = workloads.lockCronIfFree(workloadId);
    if (locked.isEmpty() || locked.get().spec().cron().isSuspended() || locked.get().nextRunAt() == null) {
      return 0;
    }
    WorkloadStore.Row row = locked.get();
    CronSpec cron = row.spec().cron();
    CronSchedule schedule = CronSchedule.of(cron.schedule(), cron.timeZone());
    Tenant tenant = tenants.find(row.tenantId()).orElseThrow();
    Instant now = clock.instant();
    Instant at = row.nextRunAt();
    String waiting = row.nextRunWaiting();
    int recorded = 0;
    for (; recorded < INSTANTS_PER_TRANSACTION && at != null && !at.isAfter(now); recorded++) {
      if (now.isAfter(at.plusSeconds(cron.deadlineSeconds()))) {
        runs.insert(row.tenantId(), row.id(), at, false, RunState.MISSED, null, now, waiting != null ? waiting : notRunning(at, schedule));
      } else {
        Outcome outcome = start(tenant, row, at, false);
        if (outcome.waiting() != null) {
          if (!outcome.waiting().equals(waiting)) {
            workloads.cronWaiting(row.id(), outcome.waiting());
          }
          break;
        }
      }
      Instant next = schedule.nextAfter(at).orElse(null);
      if (!workloads.advanceCron(row.id(), at, next, null)) {
        throw new IllegalStateException("the next run of workload " + row.id() + " moved while it was locked");
      }
      at = next;
      waiting = null;
    }
    if (recorded > 0 || !java.util.Objects.equals(waiting, row.nextRunWaiting())) {
      events.publishEvent(new RunChanged(row.tenantId()));
    }
    return recorded;
  }

  /** The run recorded for an instant (started or SKIPPED), or why none could be yet. */
  private record Outcome(UUID run, String waiting) {
    static Outcome recorded(UUID run) {
      return new Outcome(run, null);
    }

    static Outcome waits(String why) {
      return new Outcome(null, why);
    }
  }

  /**
   * Starts a run of the workload for {@code at} under its policy, or records it SKIPPED; else why it
   * cannot start now (the quota, a suspended tenant) and must wait, with no run recorded.
   */
  private Outcome start(Tenant tenant, WorkloadStore.Row row, Instant at, boolean manual) {
    Instant now = clock.instant();
    if (tenant.state() == TenantState.SUSPENDED) {
      return Outcome.waits("tenant " + tenant.slug() + " is suspended");
    }
    if (row.spec().instances() == 0) {
      return Outcome.recorded(runs.insert(row.tenantId(), row.id(), at, manual, RunState.SKIPPED, null, now, "the workload is scaled to 0 instances"));
    }
    List<CronRun> running = stillRunning(row);
    ConcurrencyPolicy policy = row.spec().cron().concurrencyPolicy();
    if (!running.isEmpty() && policy == ConcurrencyPolicy.FORBID) {
      return Outcome.recorded(
          runs.insert(row.tenantId(), row.id(), at, manual, RunState.SKIPPED, null, now, "the run of " + running.get(0).scheduledAt() + " was still running"));
    }
    if (!running.isEmpty() && policy == ConcurrencyPolicy.REPLACE) {
      for (CronRun old : running) {
        tasks.kill(row.tenantId(), old.id(), "replaced by the run of " + at);
        runs.end(old.id(), RunState.REPLACED, "replaced by the run of " + at, now);
      }
      events.publishEvent(new RunChanged(row.tenantId()));
      if (tasks.shortFor(tenant, row.spec()).isPresent()) {
        // What the replaced runs held is given back when this commits: the new run starts in the next transaction.
        return Outcome.waits("waiting for the replaced run of " + running.get(0).scheduledAt() + " to give back its quota");
      }
    }
    Optional<QuotaExceededException> short_ = tasks.shortFor(tenant, row.spec());
    if (short_.isPresent()) {
      return Outcome.waits(short_.get().getMessage());
    }
    UUID run = runs.insert(row.tenantId(), row.id(), at, manual, RunState.RUNNING, now, null, null);
    // A charge refused here (an admission took the room since the check) rolls the whole transaction back.
    tasks.admit(tenant, row, run).ifPresent(refused -> {
      throw refused;
    });
    return Outcome.recorded(run);
  }

  /** The workload's RUNNING runs whose tasks have not all ended; those that have are settled first. */
  private List<CronRun> stillRunning(WorkloadStore.Row row) {
    return runs.running(row.tenantId(), row.id()).stream().filter(r -> !settle(row.tenantId(), r)).toList();
  }

  /** RUNNING runs of every tenant, for {@link #settle(UUID, UUID)}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<RunKey> running(int limit) {
    return runs.running(limit);
  }

  /**
   * Ends a RUNNING run whose tasks have all ended: SUCCEEDED if every one finished, else FAILED with
   * the first one's reason. A run none of whose tasks was placed by its starting deadline is stopped
   * and MISSED. Safe to repeat: the run changes only from RUNNING.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void settle(UUID tenantId, UUID runId) {
    runs.lockRunning(tenantId, runId).ifPresent(run -> settle(tenantId, run));
  }

  /** True if the run is over (or is now). */
  private boolean settle(UUID tenantId, CronRun run) {
    List<Task> of = tasks.of(tenantId, run.id());
    Instant now = clock.instant();
    if (of.stream().allMatch(t -> t.state().ended())) {
      Optional<Task> failed = of.stream().filter(t -> t.state() != TaskState.FINISHED).findFirst();
      RunState to = failed.isEmpty() ? RunState.SUCCEEDED : RunState.FAILED;
      String reason = failed.map(t -> "instance " + t.instance() + " " + t.state() + (t.reason() == null ? "" : ": " + t.reason())).orElse(null);
      publishIf(runs.end(run.id(), to, reason, now), tenantId);
      return true;
    }
    Optional<Integer> deadline = workloads.find(tenantId, run.workloadId()).map(w -> w.spec().cron().deadlineSeconds());
    boolean nonePlaced = of.stream().allMatch(t -> t.state() == TaskState.PENDING);
    if (nonePlaced && deadline.isPresent() && now.isAfter(run.scheduledAt().plusSeconds(deadline.get()))) {
      String why = "not placed by its starting deadline: " + of.get(0).reason();
      tasks.kill(tenantId, run.id(), why);
      publishIf(runs.end(run.id(), RunState.MISSED, why, now), tenantId);
      return true;
    }
    return false;
  }

  private void publishIf(boolean changed, UUID tenantId) {
    if (changed) {
      events.publishEvent(new RunChanged(tenantId));
    }
  }

  /** Starts a run of the workload now, by hand, under its concurrency policy (audited). */
  @Transactional
  public CronRun runNow(Actor actor, String slug, UUID workloadId) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    if (tenant.state() == TenantState.SUSPENDED) {
      throw new TenantSuspendedException(slug);
    }
    WorkloadStore.Row row = workloads.lockCron(tenant.id(), workloadId).orElseThrow(() -> noCron(workloadId, slug));
    Instant now = clock.instant();
    if (row.spec().cron().concurrencyPolicy() == ConcurrencyPolicy.FORBID && !stillRunning(row).isEmpty()) {
      throw new ConflictException("A run of " + row.spec().name() + " is still running and its concurrencyPolicy is FORBID.");
    }
    List<CronRun> running = stillRunning(row);
    Optional<QuotaExceededException> short_ = tasks.shortFor(tenant, row.spec());
    if (short_.isPresent() && !running.isEmpty() && row.spec().cron().concurrencyPolicy() == ConcurrencyPolicy.REPLACE) {
      throw new ConflictException(
          "The quota has room for a run of " + row.spec().name() + " only once the run of " + running.get(0).scheduledAt()
              + " has stopped; a run by hand does not stop it (the next scheduled run replaces it).");
    }
    short_.ifPresent(e -> {
      throw e;
    });
    Outcome outcome = start(tenant, row, now, true);
    if (outcome.waiting() != null) {
      throw new ConflictException(outcome.waiting());
    }
    CronRun run = runs.find(tenant.id(), outcome.run()).orElseThrow();
    audit.record(actor, tenant, "workload.run", "workload/" + workloadId, null, Map.of("run", run.id().toString(), "state", run.state().name()));
    events.publishEvent(new RunChanged(tenant.id()));
    return run;
  }

  /** The workload's runs, the latest first. */
  @Transactional(readOnly = true)
  public Page<CronRun> list(Actor actor, String slug, UUID workloadId, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    workloads.find(tenant.id(), workloadId).filter(w -> w.spec().kind() == WorkloadKind.CRON).orElseThrow(() -> noCron(workloadId, slug));
    return runs.page(tenant.id(), workloadId, page);
  }

  @Transactional(readOnly = true)
  public CronRun get(Actor actor, String slug, UUID workloadId, UUID runId) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return runs.find(tenant.id(), runId).filter(r -> r.workloadId().equals(workloadId))
        .orElseThrow(() -> new NotFoundException("No run " + runId + " of workload " + workloadId + " in tenant " + slug + "."));
  }

  /** The latest run of each of these workloads of the tenant that has one. */
  @Transactional(readOnly = true)
  public Map<UUID, CronRun> latest(Actor actor, String slug, Collection<UUID> workloadIds) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return workloadIds.isEmpty() ? Map.of() : runs.latest(tenant.id(), workloadIds);
  }

  private static String notRunning(Instant at, CronSchedule schedule) {
    return "Atrium was not running at " + DateTimeFormatter.ofPattern("HH:mm 'on' d MMM yyyy '('VV')'").format(at.atZone(schedule.zone()));
  }

  private static RuntimeException noCron(UUID id, String slug) {
    return new NotFoundException("No CRON workload " + id + " in tenant " + slug + ".");
  }
}
