-- Staff teams, assignment and the states of the desk (issue 13, permission model §6b).
-- An agent sees the tickets of its teams, the tickets assigned to it and the tickets with no team;
-- every ticket when one of its teams has sees_all_tickets (the default of a desk's first team).
-- Admins see every ticket. The scope is one SQL expression (src/authz/staff-tickets.ts).

create table staff_teams (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  sees_all_tickets boolean not null default false,
  -- Auto-assignment of new tickets of the team: none, round_robin (the member after the last one
  -- given a ticket), least_loaded (the member with the fewest tickets not closed).
  auto_assign text not null default 'none' check (auto_assign in ('none', 'round_robin', 'least_loaded')),
  last_assigned_staff_id uuid references staff_users(id) on delete set null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index staff_teams_name_key on staff_teams (lower(name));

create table staff_team_members (
  team_id uuid not null references staff_teams(id) on delete cascade,
  staff_user_id uuid not null references staff_users(id) on delete cascade,
  created_at timestamptz(3) not null default now(),
  primary key (team_id, staff_user_id)
);
-- The scope starts from the agent: its teams.
create index staff_team_members_staff_idx on staff_team_members (staff_user_id, team_id);

alter table tickets add column team_id uuid references staff_teams(id) on delete set null;
alter table tickets add column assignee_id uuid references staff_users(id) on delete set null;
-- Who spoke last in the conversation (a public reply, or the ticket's creation): customer | staff.
-- Null on tickets from before this migration until someone speaks.
alter table tickets add column last_spoke text check (last_spoke in ('customer', 'staff'));
-- When a contact last replied on a ticket that waited on it or was closed, reopening it.
alter table tickets add column customer_replied_at timestamptz(3);

-- Resolved: the desk answered; the customer may still reply (which reopens it) until it is closed,
-- by staff or by the auto-close job after TICKET_AUTO_CLOSE_DAYS (resolved_at is when it became so).
-- contract: the new check allows every status the previous release writes (open, pending, closed).
-- A previous-release instance still serving during a rolling upgrade cannot show a resolved ticket
-- (its response schema does not know the status): resolve tickets once every instance is upgraded.
alter table tickets drop constraint tickets_status_check;
-- contract: see above; the set of allowed values only grows.
alter table tickets add constraint tickets_status_check check (status in ('open', 'pending', 'resolved', 'closed'));
alter table tickets add column resolved_at timestamptz(3);
-- The auto-close job finds resolved tickets by when they were resolved.
create index tickets_resolved_idx on tickets (resolved_at) where status = 'resolved';

-- The queues, each a walk of one index in the list's order (last_activity_at desc, id desc).
-- Mine: an agent's own tickets.
create index tickets_assignee_activity_idx on tickets (assignee_id, last_activity_at desc, id desc)
  where assignee_id is not null;
-- My teams, and an agent's scope: one walk per team.
create index tickets_team_activity_idx on tickets (team_id, last_activity_at desc, id desc)
  where team_id is not null;
-- Unassigned and still to do (open or pending).
create index tickets_unassigned_activity_idx on tickets (last_activity_at desc, id desc)
  where assignee_id is null and status in ('open', 'pending');
-- Least-loaded auto-assignment counts each member's tickets still to do (open or pending).
create index tickets_assignee_open_idx on tickets (assignee_id) where assignee_id is not null and status in ('open', 'pending');
