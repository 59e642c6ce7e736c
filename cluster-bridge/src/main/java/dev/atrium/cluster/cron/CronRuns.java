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
import dev.atrium.tenancy.access.ValidationException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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
  private final TransactionTemplate transaction;
  private final dev.atrium.cluster.workload.WorkloadService workloadService;

  CronRuns(
      CronRunStore runs,
      WorkloadStore workloads,
      RunTasks tasks,
      TenantService tenants,
      TenantAccess access,
      AuditLog audit,
      ApplicationEventPublisher events,
      Clock clock,
      TransactionTemplate transaction,
      dev.atrium.cluster.workload.WorkloadService workloadService) {
    this.transaction = transaction;
    this.workloadService = workloadService;
    this.runs = runs;
    this.workloads = workloads;
    this.tasks = tasks;
    this.tenants = tenants;
    this.access = access;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** CRON workloads with a run due now, the most overdue first, after {@code after} (null: from the first). */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<WorkloadStore.Due> due(WorkloadStore.Due after, int limit) {
    return workloads.cronDue(clock.instant(), after, limit);
  }

  /**
   * Records the workload's due runs, oldest first: each is started, or SKIPPED (FORBID while one
   * runs), or MISSED (past its deadline). Stops at a run that must wait (the quota has no room, or
   * the run it replaces has yet to give its quota back): it is tried again next round. Does nothing
   * if another transaction holds the workload now. Answers how many instants it recorded.
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
    Optional<Tenant> tenant = tenants.find(row.tenantId());
    if (tenant.isEmpty()) {
      return 0; // being deleted with its tenant
    }
    Instant at = row.nextRunAt();
    String waiting = row.nextRunWaiting();
    int recorded = 0;
    for (; recorded < INSTANTS_PER_TRANSACTION && at != null && !at.isAfter(clock.instant()); recorded++) {
      Instant now = clock.instant();
      if (now.isAfter(at.plusSeconds(cron.deadlineSeconds()))) {
        runs.insert(row.tenantId(), row.id(), at, false, RunState.MISSED, null, now, waiting != null ? waiting : notRunning(at, schedule));
      } else {
        Outcome outcome = start(tenant.get(), row, at, false);
        if (outcome.waiting() != null) {
          if (!outcome.waiting().equals(row.nextRunWaiting())) {
            workloads.cronWaiting(row.id(), outcome.waiting());
          }
          waiting = outcome.waiting();
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
    if (recorded > 0 || !Objects.equals(waiting, row.nextRunWaiting())) {
      events.publishEvent(new RunChanged(row.tenantId()));
    }
    return recorded;
  }

  /** The run recorded for an instant (started or SKIPPED; null if it was recorded already), or why none could be yet. */
  private record Outcome(UUID run, String waiting) {
    static Outcome recorded(Optional<UUID> run) {
      return new Outcome(run.orElse(null), null);
    }

    static Outcome waits(String why) {
      return new Outcome(null, why);
    }
  }

  /**
   * Starts a run of the workload for {@code at} under its policy, or records it SKIPPED; else why it
   * cannot start now and must wait, with no run recorded. A transaction that stops tasks (REPLACE)
   * charges no quota: their nodes and quota are given back at its commit, nodes first, and a charge
   * before would take the quota row out of that order. The new run starts in the next transaction.
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
      replace(row.tenantId(), running, "replaced by the run of " + at);
      return Outcome.waits("replacing the run of " + running.get(0).scheduledAt());
    }
    Optional<QuotaExceededException> short_ = tasks.shortFor(tenant, row.spec());
    if (short_.isPresent()) {
      return Outcome.waits(short_.get().getMessage());
    }
    Optional<UUID> run = runs.insert(row.tenantId(), row.id(), at, manual, RunState.RUNNING, now, null, null);
    // A charge refused here (an admission took the room since the check) rolls the whole transaction back.
    run.flatMap(id -> tasks.admit(tenant, row, id)).ifPresent(refused -> {
      throw refused;
    });
    return Outcome.recorded(run);
  }

  /** Stops the runs (REPLACED, their tasks KILLED), each locked first, as {@link #settle(UUID, UUID)} locks it. */
  private void replace(UUID tenantId, List<CronRun> running, String reason) {
    for (CronRun old : running) {
      if (runs.lockRunning(tenantId, old.id()).isPresent()) {
        tasks.kill(tenantId, old.id(), reason);
        runs.end(old.id(), RunState.REPLACED, reason, clock.instant());
      }
    }
    events.publishEvent(new RunChanged(tenantId));
  }

  /** The workload's RUNNING runs whose tasks have not all ended; those that have are settled first. */
  private List<CronRun> stillRunning(WorkloadStore.Row row) {
    return runs.running(row.tenantId(), row.id()).stream().filter(r -> !settle(row.tenantId(), r, false)).toList();
  }

  /** RUNNING runs of every tenant, for {@link #settle(UUID, UUID)}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<RunKey> running(int limit) {
    return runs.running(limit);
  }

  /**
   * Ends a RUNNING run whose tasks have all ended: SUCCEEDED if every one finished, else FAILED with
   * the first one's reason. Past its starting deadline, its tasks not placed yet are stopped (they
   * would start late): MISSED if none was placed. Safe to repeat: the run changes only from RUNNING.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void settle(UUID tenantId, UUID runId) {
    runs.lockRunning(tenantId, runId).ifPresent(run -> settle(tenantId, run, true));
  }

  /** True if the run is over (or is now). {@code stopLate}: stop its tasks still waiting past the deadline. */
  private boolean settle(UUID tenantId, CronRun run, boolean stopLate) {
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
    List<Task> waiting = of.stream().filter(t -> t.state() == TaskState.PENDING).toList();
    if (!stopLate || waiting.isEmpty() || deadline.isEmpty() || !now.isAfter(run.scheduledAt().plusSeconds(deadline.get()))) {
      return false;
    }
    String why = "not placed by its starting deadline: " + waiting.get(0).reason();
    tasks.kill(tenantId, run.id(), waiting, why);
    if (waiting.size() == of.size()) {
      publishIf(runs.end(run.id(), RunState.MISSED, why, now), tenantId);
      return true;
    }
    return false; // the others run on; the run ends FAILED when they end
  }

  private void publishIf(boolean changed, UUID tenantId) {
    if (changed) {
      events.publishEvent(new RunChanged(tenantId));
    }
  }

  /**
   * Starts a run of the workload now, by hand, under its concurrency policy and the quota (audited).
   * With REPLACE the running runs are stopped first, in a transaction of their own (see {@link #start}).
   */
  public CronRun runNow(Actor actor, String slug, UUID workloadId) {
    transaction.executeWithoutResult(status -> {
      Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
      if (tenant.state() == TenantState.SUSPENDED) {
        throw new TenantSuspendedException(slug); // before anything is stopped
      }
      WorkloadStore.Row row = workloads.lockCron(tenant.id(), workloadId).orElseThrow(() -> noCron(workloadId, slug));
      List<CronRun> running = stillRunning(row);
      if (row.spec().cron().concurrencyPolicy() == ConcurrencyPolicy.REPLACE && !running.isEmpty()) {
        // Refused before anything is stopped if the quota would have no room even once they are.
        int left = Math.max(0, row.spec().instances() - liveTasks(tenant.id(), running));
        Optional<QuotaExceededException> stillShort = tasks.shortFor(tenant, row.spec().withInstances(left));
        if (stillShort.isPresent()) {
          throw tasks.shortFor(tenant, row.spec()).orElse(stillShort.get());
        }
        replace(tenant.id(), running, "replaced by a run by hand");
      }
    });
    return transaction.execute(status -> {
      Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
      if (tenant.state() == TenantState.SUSPENDED) {
        throw new TenantSuspendedException(slug);
      }
      WorkloadStore.Row row = workloads.lockCron(tenant.id(), workloadId).orElseThrow(() -> noCron(workloadId, slug));
      if (row.spec().cron().concurrencyPolicy() == ConcurrencyPolicy.FORBID && !stillRunning(row).isEmpty()) {
        throw new ConflictException("A run of " + row.spec().name() + " is still running and its concurrencyPolicy is FORBID.");
      }
      tasks.shortFor(tenant, row.spec()).ifPresent(e -> {
        throw e;
      });
      Outcome outcome = start(tenant, row, clock.instant(), true);
      if (outcome.waiting() != null) {
        throw new ConflictException(outcome.waiting());
      }
      CronRun run = runs.find(tenant.id(), outcome.run()).orElseThrow();
      audit.record(actor, tenant, "workload.run", "workload/" + workloadId, null, Map.of("run", run.id().toString(), "state", run.state().name()));
      events.publishEvent(new RunChanged(tenant.id()));
      return run;
    });
  }

  private int liveTasks(UUID tenantId, List<CronRun> running) {
    return (int) running.stream().flatMap(r -> tasks.of(tenantId, r.id()).stream()).filter(t -> !t.state().ended()).count();
  }

  /**
   * Scales (the runs to come) and suspends or resumes, in one transaction: a change refused in part
   * is not made at all. Suspended, no run comes due; a run due and waiting when it is suspended is
   * recorded SKIPPED. Resumed, the next run is the first scheduled instant from now on.
   */
  @Transactional
  public dev.atrium.cluster.workload.Workload change(Actor actor, String slug, UUID workloadId, Integer instances, boolean suspended) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadStore.Row any = workloads.find(tenant.id(), workloadId).orElseThrow(() -> noCron(workloadId, slug));
    if (any.spec().kind() != WorkloadKind.CRON) {
      throw ValidationException.of("suspended", "is only for CRON workloads; " + any.spec().name() + " is a " + any.spec().kind());
    }
    WorkloadStore.Row row = workloads.lockCron(tenant.id(), workloadId).orElseThrow(() -> noCron(workloadId, slug));
    if (row.spec().cron().isSuspended() != suspended) {
      Instant now = clock.instant();
      if (suspended && row.nextRunAt() != null && !row.nextRunAt().isAfter(now)) {
        runs.insert(row.tenantId(), row.id(), row.nextRunAt(), false, RunState.SKIPPED, null, now,
            "the workload was suspended" + (row.nextRunWaiting() == null ? "" : " while its run waited: " + row.nextRunWaiting()));
      }
      Instant next = suspended ? null : CronSchedule.of(row.spec().cron().schedule(), row.spec().cron().timeZone()).nextAfter(now).orElse(null);
      workloads.setSuspended(workloadId, suspended, next);
      events.publishEvent(new RunChanged(tenant.id()));
    }
    return instances == null ? workloadService.get(actor, slug, workloadId) : workloadService.scale(actor, slug, workloadId, instances);
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
