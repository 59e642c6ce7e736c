-- Workloads that run in a reservation: their tasks go into its slots (one live task per slot) and
-- draw on it rather than on the node's free capacity or the tenant's quota.
alter table workload add column reservation_id uuid references reservation (id);
alter table task
    add column reservation_id uuid references reservation (id),
    add column slot int;
create unique index task_one_per_slot on task (reservation_id, slot)
    where slot is not null and state in ('PENDING', 'STAGING', 'RUNNING');
create index task_live_in_reservation on task (reservation_id)
    where reservation_id is not null and state in ('PENDING', 'STAGING', 'RUNNING');
