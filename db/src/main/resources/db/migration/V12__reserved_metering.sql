-- An ACTIVE advance reservation is metered per second whether used or not ('reserved', its ref the
-- reservation's id), rolled into the hours beside what tasks held and what the quota allowed.
do $$
declare
    bound record;
begin
    for bound in
        select conname from pg_constraint
        where conrelid = 'metered_interval'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%meter%'
    loop
        execute format('alter table metered_interval drop constraint %I', bound.conname);
    end loop;
end $$;
alter table metered_interval
    add constraint metered_interval_meter check (meter in ('usage', 'quota', 'reserved')),
    add constraint metered_interval_ref check ((meter in ('usage', 'reserved')) = (ref is not null));

alter table usage_hour
    add column reserved_cpu_millicore_seconds bigint not null default 0,
    add column reserved_mib_seconds           bigint not null default 0,
    add column reserved_gpu_seconds           bigint not null default 0;
