-- Tenants, their members, their quotas and the audit log.
-- Quota limits and the usage held now live in one row per tenant so that admission can charge
-- the ledger with a single conditional UPDATE (no check-then-act in application code).

create table tenant (
    id           uuid        primary key default gen_random_uuid(),
    slug         text        not null unique
                             check (slug ~ '^[a-z][a-z0-9-]{1,30}$'),
    display_name text        not null
                             check (length(display_name) between 1 and 200),
    state        text        not null default 'ACTIVE'
                             check (state in ('ACTIVE', 'SUSPENDED')),
    created_at   timestamptz not null default now(),
    version      bigint      not null default 0
);

-- A member is known by username or email until their first sign-in binds the identity
-- provider's subject (stable across renames).
create table tenant_member (
    id         bigint      generated always as identity primary key,
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    subject    text,
    username   text,
    email      text,
    role       text        not null
                           check (role in ('tenant-admin', 'tenant-member', 'tenant-viewer')),
    added_at   timestamptz not null default now(),
    check (subject is not null or username is not null or email is not null)
);
create unique index tenant_member_subject on tenant_member (tenant_id, subject) where subject is not null;
create unique index tenant_member_username on tenant_member (tenant_id, lower(username)) where username is not null;
create unique index tenant_member_email on tenant_member (tenant_id, lower(email)) where email is not null;
create index tenant_member_by_subject on tenant_member (subject);
create index tenant_member_by_username on tenant_member (lower(username));

create table tenant_quota (
    tenant_id        uuid        primary key references tenant (id) on delete cascade,
    cpu_millis       bigint      not null check (cpu_millis >= 0),
    memory_mib       bigint      not null check (memory_mib >= 0),
    gpus             bigint      not null check (gpus >= 0),
    workloads        bigint      not null check (workloads >= 0),
    used_cpu_millis  bigint      not null default 0 check (used_cpu_millis >= 0),
    used_memory_mib  bigint      not null default 0 check (used_memory_mib >= 0),
    used_gpus        bigint      not null default 0 check (used_gpus >= 0),
    used_workloads   bigint      not null default 0 check (used_workloads >= 0),
    version          bigint      not null default 0,
    updated_at       timestamptz not null default now()
);

-- Append-only: the trigger below refuses to change or delete an event.
create table audit_event (
    id          bigint      generated always as identity primary key,
    occurred_at timestamptz not null default clock_timestamp(),
    actor       text        not null,
    tenant_id   uuid,
    tenant_slug text,
    action      text        not null,
    target      text,
    before      jsonb,
    after       jsonb
);
create index audit_event_by_tenant on audit_event (tenant_id, occurred_at);
create index audit_event_by_time on audit_event (occurred_at);

create function audit_event_is_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit events are append-only';
end;
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
