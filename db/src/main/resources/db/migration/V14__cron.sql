-- CRON workloads: a schedule (5-field cron, read in time_zone) that makes runs. next_run_at is the
-- next scheduled instant not yet recorded as a run; it moves on in the transaction that records
-- that run, so an instant is recorded once whatever crashes or replicas do. next_run_waiting says
-- why that run has not started yet (the quota), until its starting deadline passes.
alter table workload
    add column schedule                  text,
    add column time_zone                 text,
    add column concurrency_policy        text check (concurrency_policy in ('ALLOW', 'FORBID', 'REPLACE')),
    add column starting_deadline_seconds int  check (starting_deadline_seconds >= 0),
    add column suspended                 boolean not null default false,
    add column next_run_at               timestamptz,
    add column next_run_waiting          text,
    add constraint workload_cron_has_schedule check ((kind = 'CRON') = (schedule is not null));
create index workload_cron_due on workload (next_run_at)
    where kind = 'CRON' and state = 'ACTIVE' and not suspended and next_run_at is not null;

-- A run of a CRON workload: one per scheduled instant (the unique index), or started by hand.
create table cron_run (
    id           uuid        primary key default gen_random_uuid(),
    tenant_id    uuid        not null references tenant (id) on delete cascade,
    workload_id  uuid        not null references workload (id) on delete cascade,
    scheduled_at timestamptz not null,
    manual       boolean     not null default false,
    state        text        not null check (state in ('RUNNING', 'SUCCEEDED', 'FAILED', 'MISSED', 'SKIPPED', 'REPLACED')),
    started_at   timestamptz,
    ended_at     timestamptz,
    reason       text,
    created_at   timestamptz not null default clock_timestamp()
);
create unique index cron_run_once on cron_run (workload_id, scheduled_at) where not manual;
create index cron_run_by_workload on cron_run (workload_id, scheduled_at desc, id desc);
create index cron_run_running on cron_run (workload_id) where state = 'RUNNING';

alter table cron_run enable row level security;
alter table cron_run force row level security;
create policy cron_run_rw on cron_run for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

alter table task add column run_id uuid references cron_run (id);
create index task_by_run on task (run_id) where run_id is not null;
