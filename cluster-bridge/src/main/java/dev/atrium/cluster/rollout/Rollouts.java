package dev.atrium.cluster.rollout;

import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationUse;
import dev.atrium.cluster.version.Template;
import dev.atrium.cluster.version.Version;
import dev.atrium.cluster.version.VersionStore;
import dev.atrium.cluster.workload.Rollout;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.RolloutStrategy;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadKind;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadStore;
import dev.atrium.cluster.workload.WorkloadValidation;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's changes of a workload's versions: a new template makes a new version, which a SERVICE
 * rolls out (the reconciler's {@link RolloutRound}) and a CRON workload's runs to come run; a rollback
 * returns to the version before; a rollout may be paused and resumed. Each is one transaction under
 * the workload's row lock, and audited.
 */
@Service
public class Rollouts {

  private final RolloutStore store;
  private final VersionStore versions;
  private final WorkloadService workloads;
  private final TenantAccess access;
  private final ReservationUse reservations;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;

  Rollouts(
      RolloutStore store,
      VersionStore versions,
      WorkloadService workloads,
      TenantAccess access,
      ReservationUse reservations,
      AuditLog audit,
      ApplicationEventPublisher events) {
    this.store = store;
    this.versions = versions;
    this.workloads = workloads;
    this.access = access;
    this.reservations = reservations;
    this.audit = audit;
    this.events = events;
  }

  /**
   * Changes the workload's template (a new version, rolled out), its rollout strategy, or pauses or
   * resumes its rollout; a template that changes nothing makes no version.
   */
  @Transactional
  public Workload change(Actor actor, String slug, UUID id, VersionChange change) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadStore.Row row = store.lock(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug));
    WorkloadKind kind = row.spec().kind();
    Template current = row.spec().template();
    Template wanted = change.changesTemplate() ? change.applyTo(current) : current;
    check(row, change, wanted);
    if (change.strategy() != null) {
      RolloutStrategy strategy = merged(row.spec().rollout(), change.strategy());
      if (!strategy.equals(row.spec().rollout())) {
        store.strategy(id, strategy);
        audit.record(actor, tenant, "workload.rollout.strategy", target(id), strategy(row.spec().rollout()), strategy(strategy));
      }
    }
    if (!wanted.equals(current)) {
      if (kind == WorkloadKind.SERVICE && tenant.state() == TenantState.SUSPENDED) {
        throw new TenantSuspendedException(slug);
      }
      if (row.spec().reservation() != null) {
        checkFitsReservation(tenant, slug, row, wanted);
      }
      int version = versions.next(id);
      versions.insert(tenant.id(), id, version, wanted, actor.name());
      run(row, version, ranBefore(row.rollout()), wanted);
      audit.record(
          actor, tenant, "workload.update", target(id),
          Map.of("version", row.rollout().version()),
          Map.of("version", version, "changed", current.changedIn(wanted)));
      row = store.lock(tenant.id(), id).orElseThrow();
    }
    if (change.paused() != null) {
      if (!change.paused() && tenant.state() == TenantState.SUSPENDED) {
        throw new TenantSuspendedException(slug);
      }
      pause(actor, tenant, row, change.paused());
    }
    events.publishEvent(new RolloutChanged(tenant.id()));
    return workloads.get(actor, slug, id);
  }

  /**
   * Returns the workload to the version it ran before its last change, rolled out like an update; a
   * second rollback returns to where the first began.
   */
  @Transactional
  public Workload rollback(Actor actor, String slug, UUID id) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.OPERATE);
    WorkloadStore.Row row = store.lock(tenant.id(), id).orElseThrow(() -> noWorkload(id, slug));
    WorkloadKind kind = row.spec().kind();
    if (kind == WorkloadKind.JOB) {
      throw new ConflictException(row.spec().name() + " is a JOB: it runs one version once, so there is nothing to roll back.");
    }
    Rollout rollout = row.rollout();
    if (rollout.previousVersion() == null) {
      throw new ConflictException(row.spec().name() + " has no previous version to roll back to: it has only ever run version " + rollout.version() + ".");
    }
    if (kind == WorkloadKind.SERVICE && tenant.state() == TenantState.SUSPENDED) {
      throw new TenantSuspendedException(slug);
    }
    Version back = versions.find(id, rollout.previousVersion()).orElseThrow();
    if (row.spec().reservation() != null) {
      checkFitsReservation(tenant, slug, row, back.template());
    }
    run(row, back.version(), rollout.version(), back.template());
    audit.record(actor, tenant, "workload.rollback", target(id), Map.of("version", rollout.version()), Map.of("version", back.version()));
    events.publishEvent(new RolloutChanged(tenant.id()));
    return workloads.get(actor, slug, id);
  }

  /** A page of the workload's versions, newest first, with which of them it runs now and ran before. */
  public record Versions(int current, Integer previous, Page<Version> page) {}

  @Transactional(readOnly = true)
  public Versions versions(Actor actor, String slug, UUID id, PageRequest page) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    Rollout rollout = workloads.get(actor, slug, id).rollout(); // 404 for a workload that is not the tenant's
    return new Versions(rollout.version(), rollout.previousVersion(), versions.page(tenant.id(), id, page));
  }

  /** A SERVICE rolls the version out; a CRON workload's runs to come run it. */
  private void run(WorkloadStore.Row row, int version, int previous, Template template) {
    int from = row.rollout().version();
    RolloutState state = row.spec().kind() == WorkloadKind.SERVICE ? RolloutState.PROGRESSING : RolloutState.COMPLETE;
    if (!store.runVersion(row.id(), from, version, previous, template, state)) {
      throw new IllegalStateException("workload " + row.id() + " left version " + from + " while it was locked");
    }
  }

  /**
   * The version the workload's tasks ran before this change: its current one, unless that one's
   * rollout failed, when they were brought back to the one before it (a rollback then returns there,
   * not to the version that failed).
   */
  private static int ranBefore(Rollout rollout) {
    return rollout.state() == RolloutState.FAILED && rollout.previousVersion() != null ? rollout.previousVersion() : rollout.version();
  }

  private void check(WorkloadStore.Row row, VersionChange change, Template wanted) {
    WorkloadKind kind = row.spec().kind();
    String name = row.spec().name();
    if (change.changesTemplate() && kind == WorkloadKind.JOB) {
      throw new ConflictException(
          name + " is a JOB: it runs once as launched, so its image, command, env, resources and health check cannot change"
              + " while it runs. Launch a new job instead.");
    }
    Validator v = new Validator();
    if (change.changesTemplate()) {
      WorkloadValidation.checkTemplate(v, kind, wanted, Math.max(1, row.spec().instances()));
    }
    if (change.strategy() != null) {
      v.require(kind == WorkloadKind.SERVICE, "rollout", "is for SERVICE workloads: only they roll new versions out");
      WorkloadValidation.checkRollout(v, merged(row.spec().rollout(), change.strategy()));
    }
    v.require(change.paused() == null || kind == WorkloadKind.SERVICE, "rollout.paused", "is for SERVICE workloads: only they roll new versions out");
    v.throwIfInvalid();
  }

  private void pause(Actor actor, Tenant tenant, WorkloadStore.Row row, boolean paused) {
    Rollout rollout = row.rollout();
    String name = row.spec().name();
    if (paused) {
      if (rollout.state() == RolloutState.PAUSED) {
        return;
      }
      if (rollout.state() != RolloutState.PROGRESSING) {
        throw new ConflictException(
            "No rollout of " + name + " is under way to pause: version " + rollout.version() + " is " + rollout.state().name().toLowerCase() + ".");
      }
      store.move(row.id(), RolloutState.PROGRESSING, RolloutState.PAUSED, "paused by " + actor.name());
      audit.record(actor, tenant, "workload.rollout.pause", target(row.id()), null, Map.of("version", rollout.version()));
    } else {
      if (rollout.state() == RolloutState.FAILED) {
        throw new ConflictException(
            "The rollout of version " + rollout.version() + " of " + name + " failed and cannot resume: roll back, or update it to a version that works.");
      }
      if (rollout.state() != RolloutState.PAUSED) {
        return;
      }
      store.move(row.id(), RolloutState.PAUSED, RolloutState.PROGRESSING, null);
      audit.record(actor, tenant, "workload.rollout.resume", target(row.id()), null, Map.of("version", rollout.version()));
    }
  }

  /** A workload in a reservation runs in its slots: every version must fit in one. */
  private void checkFitsReservation(Tenant tenant, String slug, WorkloadStore.Row row, Template template) {
    Reservation r = reservations.forAdmission(tenant.id(), slug, row.spec().reservation());
    new Validator()
        .require(
            template.resources().fitsIn(r.resources()),
            "resources",
            "each instance must fit in a slot of reservation " + r.name() + " (" + dev.atrium.cluster.pool.Amounts.of(r.resources()) + ")")
        .throwIfInvalid();
  }

  private static RolloutStrategy merged(RolloutStrategy current, RolloutStrategy change) {
    return new RolloutStrategy(
        change.maxSurge() != null ? change.maxSurge() : current.maxSurge(),
        change.maxUnavailable() != null ? change.maxUnavailable() : current.maxUnavailable());
  }

  private static Map<String, Object> strategy(RolloutStrategy s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxSurge", s.maxSurge());
    m.put("maxUnavailable", s.maxUnavailable());
    return m;
  }

  private static String target(UUID id) {
    return "workload/" + id;
  }

  private static NotFoundException noWorkload(UUID id, String slug) {
    return new NotFoundException("No workload " + id + " in tenant " + slug + ".");
  }

}
