-- A SERVICE's health check (command or http, interval, timeout, threshold, grace), as the API has it.
alter table workload add column health_check jsonb;
