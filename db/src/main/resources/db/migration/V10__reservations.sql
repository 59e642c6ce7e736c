-- Advance reservations: capacity a tenant books for a window [starts_at, ends_at). Each instance gets
-- a slot on a node for the whole window from the moment of booking.

create table reservation (
    id          uuid        primary key default gen_random_uuid(),
    tenant_id   uuid        not null references tenant (id) on delete cascade,
    name        text        not null check (name ~ '^[a-z][a-z0-9-]{0,62}$'),
    pool        text        not null references pool (name),
    -- per instance, like a workload
    cpu_millis  bigint      not null check (cpu_millis > 0),
    memory_mib  bigint      not null check (memory_mib > 0),
    gpus        bigint      not null check (gpus >= 0),
    instances   int         not null check (instances between 1 and 1000),
    node_labels jsonb       not null default '{}',
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    state       text        not null default 'BOOKED' check (state in ('BOOKED', 'ACTIVE', 'ENDED', 'CANCELLED')),
    -- while ACTIVE the reservation's capacity is charged to its tenant's quota usage, released once
    quota_held  boolean     not null default false,
    reason      text,
    created_at  timestamptz not null default now(),
    ended_at    timestamptz,
    check (ends_at > starts_at)
);
create index reservation_by_tenant on reservation (tenant_id, starts_at);
create index reservation_due on reservation (state, starts_at) where state in ('BOOKED', 'ACTIVE');

alter table reservation enable row level security;
alter table reservation force row level security;
create policy reservation_rw on reservation for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

-- The fleet's side of a booking: capacity kept on one node for one instance. It names no tenant, so
-- that every booking can see what the others keep on a node (like the node's own allocation).
create table reservation_slot (
    reservation_id uuid        not null references reservation (id) on delete cascade,
    instance       int         not null,
    node_id        text        not null references node (id),
    cpu_millis     bigint      not null,
    memory_mib     bigint      not null,
    gpus           bigint      not null,
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    primary key (reservation_id, instance)
);
create index reservation_slot_by_node on reservation_slot (node_id, starts_at);

-- What a node keeps for bookings from now on: the peak, over time, of its slots (each resource on its
-- own). Placement treats it as taken, so nothing placed now runs into capacity booked for later; it
-- falls as slots end. Free capacity may go below zero while work that will end before a slot starts
-- still runs in it.
alter table node
    add column booked_cpu_millis bigint not null default 0 check (booked_cpu_millis >= 0),
    add column booked_memory_mib bigint not null default 0 check (booked_memory_mib >= 0),
    add column booked_gpus       bigint not null default 0 check (booked_gpus >= 0);
alter table node alter column free_cpu_millis set expression as (cpu_millis - alloc_cpu_millis - booked_cpu_millis);
alter table node alter column free_memory_mib set expression as (memory_mib - alloc_memory_mib - booked_memory_mib);
alter table node alter column free_gpus set expression as (gpus - alloc_gpus - booked_gpus);
