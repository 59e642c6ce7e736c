-- The fleet and the work on it. Pools are groups of nodes run by one driver; a task holds the quota
-- of its tenant from admission and the capacity of its node from placement until it ends. Check
-- constraints make over-committing a node impossible whatever the application does.

create table pool (
    name       text        primary key check (name ~ '^[a-z][a-z0-9-]{0,30}$'),
    driver     text        not null check (driver in ('local', 'sim', 'kubernetes')),
    created_at timestamptz not null default now()
);

create table node (
    id               text   primary key,
    pool             text   not null references pool (name) on delete cascade,
    name             text   not null,
    cpu_millis       bigint not null check (cpu_millis >= 0),
    memory_mib       bigint not null check (memory_mib >= 0),
    gpus             bigint not null check (gpus >= 0),
    alloc_cpu_millis bigint not null default 0,
    alloc_memory_mib bigint not null default 0,
    alloc_gpus       bigint not null default 0,
    labels           jsonb  not null default '{}',
    state            text   not null default 'READY' check (state in ('READY', 'DRAINING', 'DOWN')),
    unique (pool, name),
    check (alloc_cpu_millis between 0 and cpu_millis),
    check (alloc_memory_mib between 0 and memory_mib),
    check (alloc_gpus between 0 and gpus)
);
create index node_by_pool on node (pool, state);

create table workload (
    id          uuid        primary key default gen_random_uuid(),
    tenant_id   uuid        not null references tenant (id) on delete cascade,
    name        text        not null check (name ~ '^[a-z][a-z0-9-]{0,62}$'),
    kind        text        not null check (kind in ('SERVICE', 'JOB', 'CRON')),
    image       text        not null,
    command     jsonb       not null default '[]',
    env         jsonb       not null default '{}',
    cpu_millis  bigint      not null check (cpu_millis > 0),
    memory_mib  bigint      not null check (memory_mib > 0),
    gpus        bigint      not null check (gpus >= 0),
    instances   int         not null check (instances between 0 and 1000),
    pool        text        not null references pool (name),
    node_labels jsonb       not null default '{}',
    duration_seconds int    check (duration_seconds > 0),
    state       text        not null default 'ACTIVE' check (state in ('ACTIVE', 'DELETED')),
    created_at  timestamptz not null default now(),
    deleted_at  timestamptz
);
create unique index workload_live_name on workload (tenant_id, name) where state = 'ACTIVE';

-- quota_held: this task's resources are charged to its tenant; node_id with node_held: to its node.
-- Each is released exactly once, by the update that flips it from true to false.
create table task (
    id             uuid        primary key default gen_random_uuid(),
    tenant_id      uuid        not null references tenant (id) on delete cascade,
    workload_id    uuid        not null references workload (id) on delete cascade,
    instance       int         not null,
    state          text        not null check (state in ('PENDING', 'STAGING', 'RUNNING', 'FINISHED', 'FAILED', 'KILLED', 'LOST')),
    pool           text        not null references pool (name),
    node_id        text        references node (id),
    cpu_millis     bigint      not null,
    memory_mib     bigint      not null,
    gpus           bigint      not null,
    node_labels    jsonb       not null default '{}',
    quota_held     boolean     not null default true,
    node_held      boolean     not null default false,
    handle         text,
    reason         text,
    restarts       int         not null default 0,
    not_before     timestamptz,
    created_at     timestamptz not null default clock_timestamp(),
    started_at     timestamptz,
    ended_at       timestamptz
);
create index task_by_workload on task (workload_id);
create index task_pending on task (created_at) where state = 'PENDING';
create index task_live on task (pool, state) where state in ('STAGING', 'RUNNING');

alter table workload enable row level security;
alter table workload force row level security;
create policy workload_rw on workload for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

alter table task enable row level security;
alter table task force row level security;
create policy task_rw on task for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

-- This installation's identity: engines shared by several Atriums (one podman, one cluster) tell
-- their containers apart by it, so that one Atrium never removes another's.
create table installation (
    id         uuid        primary key default gen_random_uuid(),
    created_at timestamptz not null default now()
);
insert into installation default values;
