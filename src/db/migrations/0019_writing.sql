-- Writing on the desk (issue 13 §6): canned responses and @mentions in internal notes.

-- Canned responses: text a staff user inserts into a reply, with {{placeholders}} filled in for
-- the ticket. team_id null: global (every staff user sees it); else its team's members and admins.
create table canned_responses (
  id uuid primary key default portico_uuid_v7(),
  team_id uuid references staff_teams(id) on delete cascade,
  title text not null,
  body text not null,
  created_by_staff_id uuid references staff_users(id) on delete set null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
-- The list: by title within what the staff user sees (global ones and its teams').
create index canned_responses_title_idx on canned_responses (lower(title), id);
create index canned_responses_team_idx on canned_responses (team_id);

-- Who an internal note mentions, stored as ids when it is written (never re-parsed from the text).
-- Each mentioned staff user could see the ticket then, and was mailed in the same transaction.
create table ticket_comment_mentions (
  comment_id uuid not null references ticket_comments(id) on delete cascade,
  staff_user_id uuid not null references staff_users(id) on delete cascade,
  primary key (comment_id, staff_user_id)
);
create index ticket_comment_mentions_staff_idx on ticket_comment_mentions (staff_user_id);
