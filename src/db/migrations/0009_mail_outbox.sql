-- The mail outbox (issue 12, permission model §9). Both tables are written in the same transaction
-- as the change that causes the mail, so a crash or an SMTP outage delays mail but never loses it.

-- One row per message to one recipient: what staff see on the mail queue page. The Message-ID is
-- fixed when the row is written, so a resend after a crash carries the same one.
create table mail_messages (
  id uuid primary key default portico_uuid_v7(),
  message_id text not null unique,
  -- 'notification', 'digest', 'group', 'invitation', 'password_reset', 'bounce', …
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  -- Extra headers (In-Reply-To, References, Reply-To, Auto-Submitted …) as a JSON object.
  headers jsonb not null default '{}',
  ticket_id uuid references tickets(id) on delete set null,
  contact_id uuid references contacts(id) on delete set null,
  staff_user_id uuid references staff_users(id) on delete set null,
  -- Messages queued together (one group e-mail) share a batch, for its progress.
  batch_id uuid,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz(3) not null default now(),
  sent_at timestamptz(3)
);
create index mail_messages_status_idx on mail_messages (status, id);
create index mail_messages_ticket_idx on mail_messages (ticket_id, id) where ticket_id is not null;
create index mail_messages_batch_idx on mail_messages (batch_id, status) where batch_id is not null;

-- One row per ticket event that may notify someone. Recipients are resolved when the worker
-- handles the row (at send time, through the SQL scope), not when the event happens.
create table mail_ticket_events (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid not null references tickets(id) on delete cascade,
  event text not null check (event in ('created', 'public_reply', 'status_changed', 'priority_changed', 'participant_added')),
  comment_id uuid references ticket_comments(id) on delete cascade,
  -- The new value of a status or priority change; the participant's contact id for participant_added.
  detail text,
  actor_staff_id uuid references staff_users(id) on delete set null,
  actor_contact_id uuid references contacts(id) on delete set null,
  created_at timestamptz(3) not null default now(),
  processed_at timestamptz(3)
);
create index mail_ticket_events_pending_idx on mail_ticket_events (id) where processed_at is null;

-- A reply address per ticket and recipient (support+<token>@…): an inbound reply names its ticket
-- and who it was sent to without trusting the From header alone. Random, stored, not derived from
-- a secret, so a leaked token can be revoked by deleting its row.
create table mail_reply_tokens (
  token text primary key,
  ticket_id uuid not null references tickets(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  staff_user_id uuid references staff_users(id) on delete cascade,
  created_at timestamptz(3) not null default now(),
  check ((contact_id is null) <> (staff_user_id is null))
);
create unique index mail_reply_tokens_contact_idx on mail_reply_tokens (ticket_id, contact_id) where contact_id is not null;
create unique index mail_reply_tokens_staff_idx on mail_reply_tokens (ticket_id, staff_user_id) where staff_user_id is not null;
