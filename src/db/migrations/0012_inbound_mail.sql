-- Inbound mail (issue 12, permission model §9): every message received over IMAP, the MTA pipe or
-- the webhook, what was decided for it and why; the original is kept as a file.

-- The mail domain of an organization: an unknown sender from it may become its contact when
-- MAIL_UNKNOWN_SENDERS=create. Not unique (expand-only: no new unique constraint on an existing
-- table); when several share one, the oldest organization is taken.
alter table organizations add column mail_domain text;
create index organizations_mail_domain_idx on organizations (lower(mail_domain), id) where mail_domain is not null;

create table mail_inbound (
  id uuid primary key default portico_uuid_v7(),
  -- The Message-ID header, or a hash of the message when it has none. Unique: a redelivery, or the
  -- same message fetched by two instances, is recorded once and processed once.
  message_id text not null unique,
  from_address text not null,
  subject text not null default '',
  -- 'processed': a reply or a new ticket; 'held': waits for staff; 'refused'; 'accepted' /
  -- 'rejected': a held message after staff decided.
  status text not null check (status in ('processed', 'held', 'refused', 'accepted', 'rejected')),
  -- A short machine word (reply, new_ticket, automatic, forged_sender, may_not_write, …).
  reason text not null,
  detail text not null default '',
  -- Where it came from: imap, pipe (the CLI through the webhook), webhook.
  source text not null,
  raw_file_id uuid references files(id) on delete set null,
  size_bytes integer not null default 0,
  ticket_id uuid references tickets(id) on delete set null,
  comment_id uuid references ticket_comments(id) on delete set null,
  contact_id uuid references contacts(id) on delete set null,
  staff_user_id uuid references staff_users(id) on delete set null,
  decided_by_staff_id uuid references staff_users(id) on delete set null,
  received_at timestamptz(3) not null default now(),
  decided_at timestamptz(3)
);
create index mail_inbound_status_idx on mail_inbound (status, id);
-- The per-sender rate limit counts a sender's recent messages.
create index mail_inbound_sender_idx on mail_inbound (lower(from_address), received_at);
create index mail_inbound_ticket_idx on mail_inbound (ticket_id, id) where ticket_id is not null;

-- An e-mail filed under a ticket from inbound mail links its inbound row, whose raw message staff
-- may download.
alter table ticket_emails add column inbound_id uuid references mail_inbound(id) on delete set null;
