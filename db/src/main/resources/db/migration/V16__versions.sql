-- A workload's versions: each change of what its containers run (image, command, env, resources,
-- health check) is a new version, kept whole so that tasks made with it run it, and so that a
-- rollback has something to return to. The workload row holds its current version's copy.
create table workload_version (
    workload_id  uuid        not null references workload (id) on delete cascade,
    version      int         not null check (version > 0),
    tenant_id    uuid        not null references tenant (id) on delete cascade,
    image        text        not null,
    command      jsonb       not null,
    env          jsonb       not null,
    cpu_millis   bigint      not null check (cpu_millis > 0),
    memory_mib   bigint      not null check (memory_mib > 0),
    gpus         bigint      not null check (gpus >= 0),
    health_check jsonb,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    primary key (workload_id, version)
);

alter table workload_version enable row level security;
alter table workload_version force row level security;
create policy workload_version_rw on workload_version for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

-- Every existing workload's definition is its version 1 (as the platform: row-level security is forced).
select set_config('app.scope', 'platform', true);
insert into workload_version (workload_id, version, tenant_id, image, command, env, cpu_millis, memory_mib, gpus, health_check, created_by, created_at)
select id, 1, tenant_id, image, command, env, cpu_millis, memory_mib, gpus, health_check, 'atrium', created_at from workload;

-- version: what the workload's tasks should run; previous_version: what they ran before, where a
-- rollback returns to. A SERVICE rolls a new version out: up to max_surge tasks over its instances,
-- up to max_unavailable of them not running meanwhile. rollout_without_surge: the quota had no room
-- for a surge, so this rollout replaces a task at a time instead. rollout_progress_at: when the
-- rollout last moved on (started, or a new task became healthy); rollout_updated: how many new tasks
-- ran then.
alter table workload
    add column version               int         not null default 1 check (version > 0),
    add column previous_version      int,
    add column max_surge             int         not null default 1 check (max_surge between 0 and 1000),
    add column max_unavailable       int         not null default 0 check (max_unavailable between 0 and 1000),
    add column rollout_state         text        not null default 'COMPLETE'
                                                 check (rollout_state in ('PROGRESSING', 'COMPLETE', 'PAUSED', 'FAILED')),
    add column rollout_reason        text,
    add column rollout_without_surge boolean     not null default false,
    add column rollout_progress_at   timestamptz,
    add column rollout_updated       int         not null default 0,
    add constraint workload_rollout_moves check (max_surge > 0 or max_unavailable > 0);
create index workload_rolling_out on workload (id) where rollout_state in ('PROGRESSING', 'FAILED') and state = 'ACTIVE';

alter table task add column version int not null default 1;
