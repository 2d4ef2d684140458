-- SLAs (issue 13 §3): business-hour calendars, policies with targets per priority, and due times
-- stored on the ticket, so the Breaching queue is a walk of one partial index.

create table sla_calendars (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  -- An IANA zone (Europe/Berlin): business hours are local times there.
  time_zone text not null,
  -- Seven arrays, Monday first, of [start, end] local times ('08:00', end up to '24:00'), not overlapping.
  hours jsonb not null,
  -- Local dates ('2026-12-25') without business hours.
  holidays jsonb not null default '[]',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index sla_calendars_name_key on sla_calendars (lower(name));

create table sla_policies (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  calendar_id uuid not null references sla_calendars(id) on delete restrict,
  -- Per priority: { "urgent": { "firstResponse": 60, "resolution": 480 }, ... } in business minutes;
  -- a priority left out (or a target null) has no target.
  targets jsonb not null,
  is_default boolean not null default false,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index sla_policies_name_key on sla_policies (lower(name));
-- At most one default policy: the one of organizations that neither have nor inherit one.
create unique index sla_policies_default_key on sla_policies (is_default) where is_default;

-- The organizations a policy is given to; their sub-organizations inherit it unless they have their own.
create table sla_policy_organizations (
  organization_id uuid primary key references organizations(id) on delete cascade,
  policy_id uuid not null references sla_policies(id) on delete cascade
);
create index sla_policy_organizations_policy_idx on sla_policy_organizations (policy_id);

-- Due times, computed in the application at write time over the policy's calendar. The clock runs
-- while the ticket is open; it stops while pending (waiting on the customer), resolved or closed
-- (sla_paused_at: since when), and on resuming the due times move by the business time stopped
-- (sla_paused_seconds: the total, so a recomputation from created_at gives the same answer).
alter table tickets add column first_response_due_at timestamptz(3);
alter table tickets add column first_responded_at timestamptz(3);
alter table tickets add column resolution_due_at timestamptz(3);
alter table tickets add column sla_paused_at timestamptz(3);
alter table tickets add column sla_paused_seconds integer not null default 0;
-- The next due time while the clock runs: first response (until met), else resolution; null when
-- stopped or without targets. The Breaching queue walks the index below in due-time order.
alter table tickets add column sla_next_due_at timestamptz(3);
create index tickets_sla_next_due_idx on tickets (sla_next_due_at, id) where sla_next_due_at is not null;
