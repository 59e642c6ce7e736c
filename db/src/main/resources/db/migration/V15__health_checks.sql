-- A SERVICE's health check (command or http, interval, timeout, threshold, grace), as the API has it.
alter table workload add column health_check jsonb;

-- A SERVICE's instances spread over nodes where they can; spread_by names a node label (such as
-- zone) whose values they spread over first.
alter table workload add column spread_by text;
