-- Group e-mails as one row (issue 12): the request that sends one writes this row in its own
-- transaction and answers at once; the mail worker expands it into one mail_messages row per
-- member in chunks, each chunk in a transaction with the batch's cursor, so a crash mid-way
-- neither loses nor doubles a member. Members are resolved at expansion time (§9: at send time).
create table mail_batches (
  id uuid primary key,
  kind text not null,
  user_group_id uuid references user_groups(id) on delete set null,
  subject text not null,
  text_body text not null,
  html_body text,
  -- How many members the group had when it was queued: what the request answered.
  recipients integer not null,
  -- Members are queued in contact-id order; those above this id are still to come.
  expanded_after uuid,
  expanded_at timestamptz(3),
  created_by_staff_id uuid references staff_users(id) on delete set null,
  created_at timestamptz(3) not null default now()
);
create index mail_batches_pending_idx on mail_batches (id) where expanded_at is null;
