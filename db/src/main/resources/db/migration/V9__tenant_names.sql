-- The names a tenant has had, so that an export prints for each period the name the tenant had at
-- its end: a renamed tenant's sealed (final) rows keep their bytes. A name takes effect no earlier
-- than the seal (metering.sealed_until) at the time of the rename, so it never reaches into a sealed
-- period; the first name has always been in effect.
create table tenant_name (
    tenant_id    uuid        not null references tenant (id) on delete cascade,
    display_name text        not null,
    since        timestamptz not null,
    primary key (tenant_id, since)
);
insert into tenant_name (tenant_id, display_name, since) select id, display_name, '-infinity' from tenant;

alter table tenant_name enable row level security;
alter table tenant_name force row level security;
create policy tenant_name_rw on tenant_name for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());
