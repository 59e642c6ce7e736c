-- Nodes follow their engine and their admins. A node's capacity may shrink below what is allocated on
-- it (the engine says so; nothing new is placed there until it fits again), so allocation is bounded
-- below only; placement itself never allocates past what is free (BestFitStore's conditional UPDATE).
do $$
declare
    bound record;
begin
    for bound in
        select conname from pg_constraint
        where conrelid = 'node'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%alloc_%'
    loop
        execute format('alter table node drop constraint %I', bound.conname);
    end loop;
end $$;
alter table node
    add constraint node_allocation_not_negative check (alloc_cpu_millis >= 0 and alloc_memory_mib >= 0 and alloc_gpus >= 0),
    -- Whether the engine still offers the node. A node missing from its engine's answers since
    -- missing_since is taken as gone (present = false) after a grace period: what ran there is lost,
    -- nothing is placed there, and its state (an admin's intent) is kept for when it comes back.
    add column present boolean not null default true,
    add column missing_since timestamptz,
    -- Why the node is DRAINING or DOWN: who drained it or marked it down.
    add column state_reason text;

-- A SERVICE task placed to take over from one on a draining node: it holds a node but not yet the
-- quota, which the task it replaces hands on to it when that one ends.
alter table task add column successor_of uuid;
-- At most one live task takes over from another.
create unique index task_one_live_successor on task (successor_of)
    where successor_of is not null and state in ('PENDING', 'STAGING', 'RUNNING');
create index task_live_by_node on task (node_id) where state in ('STAGING', 'RUNNING');
