-- Row-level security: the second wall behind the services' checks. Every transaction says for whom
-- it acts, with set_config(..., true) so that it lasts until commit only:
--   app.tenant                          a tenant id: the rows of that tenant
--   app.subject, app.username, app.email  a person: their own memberships, and the tenants of those
--   app.scope = 'platform'              platform admins, billing and system work (logged by Atrium)
-- A transaction that says nothing sees no tenant data at all. FORCE makes the rules hold for the
-- owner of the tables too, which is the role Atrium connects as (never a superuser: those skip RLS).

create function app_tenant() returns uuid
    language sql stable as
$$ select nullif(current_setting('app.tenant', true), '')::uuid $$;

create function app_platform() returns boolean
    language sql stable as
$$ select coalesce(current_setting('app.scope', true), '') = 'platform' $$;

create function app_is_me(member_subject text, member_username text, member_email text) returns boolean
    language sql stable as
$$
select (member_subject is not null and member_subject = nullif(current_setting('app.subject', true), ''))
    or (member_subject is null
        and ((member_username is not null
              and lower(member_username) = lower(nullif(current_setting('app.username', true), '')))
          or (member_email is not null
              and lower(member_email) = lower(nullif(current_setting('app.email', true), '')))))
$$;

alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_read on tenant for select
    using (app_platform() or id = app_tenant()
           or exists (select 1 from tenant_member m
                      where m.tenant_id = tenant.id and app_is_me(m.subject, m.username, m.email)));
create policy tenant_write on tenant for all
    using (app_platform())
    with check (app_platform());

alter table tenant_member enable row level security;
alter table tenant_member force row level security;
create policy tenant_member_rw on tenant_member for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());
create policy tenant_member_mine on tenant_member for select
    using (app_is_me(subject, username, email));
-- On first sign-in a person binds their subject to memberships made by username or email.
create policy tenant_member_bind on tenant_member for update
    using (subject is null and app_is_me(subject, username, email))
    with check (subject = nullif(current_setting('app.subject', true), ''));

alter table tenant_quota enable row level security;
alter table tenant_quota force row level security;
create policy tenant_quota_rw on tenant_quota for all
    using (app_platform() or tenant_id = app_tenant())
    with check (app_platform() or tenant_id = app_tenant());

alter table audit_event enable row level security;
alter table audit_event force row level security;
create policy audit_event_read on audit_event for select
    using (app_platform() or tenant_id = app_tenant());
create policy audit_event_append on audit_event for insert
    with check (app_platform() or tenant_id = app_tenant());

-- Replays of POSTs sent with an Idempotency-Key: the first answer, kept per caller and key.
create table idempotent_request (
    caller          text        not null,
    idempotency_key text        not null check (length(idempotency_key) between 1 and 255),
    fingerprint     text        not null,
    status          int         not null,
    body            text        not null,
    created_at      timestamptz not null default now(),
    primary key (caller, idempotency_key)
);

-- A person sees the quota of each tenant they belong to (the home view shows them side by side).
create policy tenant_quota_mine on tenant_quota for select
    using (exists (select 1 from tenant_member m
                   where m.tenant_id = tenant_quota.tenant_id and app_is_me(m.subject, m.username, m.email)));
