-- A SERVICE's health check (command or http, interval, timeout, threshold, grace), as the API has it.
alter table workload add column health_check jsonb;

-- A SERVICE's instances spread over nodes where they can; spread_by names a node label (such as
-- zone) whose values they spread over first.
alter table workload add column spread_by text;

-- The ports a SERVICE's containers listen on ([{name, containerPort}]), and where each launched task's
-- ports are reached, by port name ({"http": "127.0.0.1:41234"}).
alter table workload add column ports jsonb not null default '[]';
alter table task add column endpoints jsonb;
