-- When the people of a tenant were told that an ACTIVE reservation is about to end (once).
alter table reservation add column warned_at timestamptz;
