-- Lists that stay fast however long a workload has lived: its tasks paged newest first, its last
-- ended tasks without reading its whole history, a tenant's workloads paged newest first.
drop index task_by_workload;
create index task_by_workload on task (workload_id, created_at desc, id desc);
create index task_ended_by_workload on task (workload_id, ended_at desc, id desc) where ended_at is not null;
create index workload_by_tenant on workload (tenant_id, created_at desc, id desc) where state = 'ACTIVE';

-- Binding a subject to a membership made by username or email changes the subject and nothing else:
-- not the tenant, the role or the names it was made for. A policy cannot see the row before the
-- update, so a function reads it (functions see the statement's snapshot, not the new row).
create function app_member_unchanged(member_id bigint, member_tenant uuid, member_role text,
                                     member_username text, member_email text) returns boolean
    language sql stable as
$$
select exists (select 1 from tenant_member m
               where m.id = member_id
                 and m.tenant_id = member_tenant
                 and m.role = member_role
                 and m.username is not distinct from member_username
                 and m.email is not distinct from member_email)
$$;

drop policy tenant_member_bind on tenant_member;
create policy tenant_member_bind on tenant_member for update
    using (subject is null and app_is_me(subject, username, email))
    with check (subject = nullif(current_setting('app.subject', true), '')
                and app_member_unchanged(id, tenant_id, role, username, email));
