-- Metering: what each tenant held, second by second, and what its quota allowed, rolled into
-- hourly figures that exports read (days and months are sums of hours, so they add up exactly).
--
-- An interval is opened when a task's reservation is held on a node ('usage') or when a tenant's
-- quota takes effect ('quota'), and closed exactly once when it is released or replaced. Times are
-- whole seconds; quantities are integers (millicore-seconds, MiB-seconds, GPU-seconds).
--
-- Open intervals are rolled forward into usage_hour now and then (metered_until says how far), so
-- that an export never recomputes from raw intervals. A roll that crosses an hour boundary also
-- seals the hours before it: metering.sealed_until only grows, nothing is ever added before it,
-- and rows of periods that end by then are final.

create table metering (
    only_row      boolean     primary key default true check (only_row),
    sealed_until  timestamptz not null,
    -- how far the last roll took every open interval: hourly figures cover time up to here
    rolled_until  timestamptz not null
);
insert into metering (sealed_until, rolled_until) values (date_trunc('hour', now(), 'UTC'), date_trunc('hour', now(), 'UTC'));

create table metered_interval (
    id            bigint      generated always as identity primary key,
    tenant_id     uuid        not null references tenant (id) on delete cascade,
    meter         text        not null check (meter in ('usage', 'quota')),
    -- the task whose node reservation this meters; null for quota intervals
    ref           uuid,
    cpu_millis    bigint      not null check (cpu_millis >= 0),
    memory_mib    bigint      not null check (memory_mib >= 0),
    gpus          bigint      not null check (gpus >= 0),
    started_at    timestamptz not null check (started_at = date_trunc('second', started_at)),
    metered_until timestamptz not null check (metered_until = date_trunc('second', metered_until)),
    ended_at      timestamptz,
    check (metered_until >= started_at),
    check (ended_at is null or ended_at = metered_until),
    check ((meter = 'usage') = (ref is not null))
);
-- A task's reservation is metered once, however often its holds are retried or recovered.
create unique index metered_interval_by_ref on metered_interval (ref) where ref is not null;
create unique index metered_interval_quota_open on metered_interval (tenant_id) where meter = 'quota' and ended_at is null;
create index metered_interval_open on metered_interval (id) where ended_at is null;
create index metered_interval_quota on metered_interval (tenant_id, ended_at) where meter = 'quota';

create table usage_hour (
    hour                  timestamptz not null check (extract(epoch from hour)::bigint % 3600 = 0),
    tenant_id             uuid        not null references tenant (id) on delete cascade,
    cpu_millicore_seconds bigint      not null default 0,
    mib_seconds           bigint      not null default 0,
    gpu_seconds           bigint      not null default 0,
    -- the quota over the same hour, in the same units: what the tenant could have held
    cpu_quota             bigint      not null default 0,
    memory_quota          bigint      not null default 0,
    gpu_quota             bigint      not null default 0,
    primary key (hour, tenant_id)
);
create index usage_hour_by_tenant on usage_hour (tenant_id, hour);

-- The hours that [a, b) touches, with the whole seconds it spends in each.
create function hours_between(a timestamptz, b timestamptz)
    returns table (hour timestamptz, seconds bigint)
    language sql stable as
$$
select h, extract(epoch from least(b, h + interval '1 hour') - greatest(a, h))::bigint
from generate_series(date_trunc('hour', a, 'UTC'), b - interval '1 microsecond', interval '1 hour') h
where b > a
$$;

alter table metered_interval enable row level security;
alter table metered_interval force row level security;
create policy metered_interval_rw on metered_interval for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

alter table usage_hour enable row level security;
alter table usage_hour force row level security;
create policy usage_hour_rw on usage_hour for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

-- Tenants that exist already start their quota interval now (as the platform: see V2).
select set_config('app.scope', 'platform', true);
insert into metered_interval (tenant_id, meter, cpu_millis, memory_mib, gpus, started_at, metered_until)
select tenant_id, 'quota', cpu_millis, memory_mib, gpus, date_trunc('second', now()), date_trunc('second', now())
from tenant_quota;
