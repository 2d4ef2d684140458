-- The mail worker (issue 12, ADR 0006): the outbox rows are the queue. A worker claims due rows
-- with FOR UPDATE SKIP LOCKED and holds them for a lease; a row whose lease ran out (its worker
-- died mid-send) is due again. Additive only: the previous release neither reads nor writes these.
alter table mail_messages add column next_attempt_at timestamptz(3) not null default now();
alter table mail_messages add column locked_until timestamptz(3);
-- What the worker claims next, in order.
create index mail_messages_due_idx on mail_messages (next_attempt_at, id) where status = 'queued';
-- Claims whose worker died: found without reading the sent rows.
create index mail_messages_lease_idx on mail_messages (locked_until) where status = 'sending';
-- The mail queue page filters by kind.
create index mail_messages_kind_idx on mail_messages (kind, id);
