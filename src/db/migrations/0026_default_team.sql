-- Default team for new tickets (docs/desk.md, "Default team"): tickets a contact opens (portal,
-- inbound mail) get the team of their organization, else of its nearest ancestor that has one,
-- else the desk's default; then the team's auto-assignment runs. A deleted team stops being one.
alter table organizations add column default_team_id uuid references staff_teams(id) on delete set null;

-- The desk's settings: a single row.
create table desk_settings (
  id boolean primary key default true check (id),
  default_team_id uuid references staff_teams(id) on delete set null,
  updated_at timestamptz(3) not null default now()
);
insert into desk_settings default values;
