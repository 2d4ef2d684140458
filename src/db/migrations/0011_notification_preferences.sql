-- Who wants mail about tickets (issue 12, permission model §9). A contact without a row has the
-- default: mail about its own tickets at once. Which tickets a preference reaches is never stored:
-- the recipients are resolved through the SQL scope when the event is handled.

-- scope: none | mine (my and participating tickets) | visible (everything I may see).
-- delivery: immediate | daily (one digest a day; last_digest_at is the end of the last one).
create table contact_notification_preferences (
  contact_id uuid primary key references contacts(id) on delete cascade,
  scope text not null default 'mine' check (scope in ('none', 'mine', 'visible')),
  delivery text not null default 'immediate' check (delivery in ('immediate', 'daily')),
  last_digest_at timestamptz(3),
  updated_at timestamptz(3) not null default now()
);
-- The watchers' term of the recipients query starts from these few rows.
create index contact_notification_preferences_visible_idx
  on contact_notification_preferences (contact_id) where scope = 'visible';
create index contact_notification_preferences_daily_idx
  on contact_notification_preferences (last_digest_at) where delivery = 'daily' and scope <> 'none';

-- Staff mail about contact activity until teams exist (§6b): none | commented (tickets I wrote
-- on) | all. Without a row: none.
create table staff_notification_preferences (
  staff_user_id uuid primary key references staff_users(id) on delete cascade,
  scope text not null default 'none' check (scope in ('none', 'commented', 'all')),
  updated_at timestamptz(3) not null default now()
);

-- The digest reads the events of a day in order.
create index mail_ticket_events_created_idx on mail_ticket_events (created_at, ticket_id);
