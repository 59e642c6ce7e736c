-- A replayed create answers the same Location header as the first answer.
alter table idempotent_request add column location text;
