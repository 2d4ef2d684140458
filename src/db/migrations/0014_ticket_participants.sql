-- Ticket participants (issue 13, permission model §6a): contacts who take part in a ticket beside
-- its requester. A participant may see and write that one ticket, private or not, with its own
-- privileges deciding the actions; the portal's gates (enabled, tickets.view, the tickets module)
-- still apply. One row per (ticket, contact); removing the row takes the access away at once.
create table ticket_participants (
  ticket_id uuid not null references tickets(id) on delete cascade,
  contact_id uuid not null references contacts(id) on delete cascade,
  -- Who added it: a contact (the requester or a colleague with tickets.participants.manage) or a
  -- staff user; acting_staff_id when a staff user did it while impersonating the contact.
  added_by_contact_id uuid references contacts(id) on delete set null,
  added_by_staff_id uuid references staff_users(id) on delete set null,
  acting_staff_id uuid references staff_users(id) on delete set null,
  added_at timestamptz(3) not null default now(),
  primary key (ticket_id, contact_id)
);
-- The participant path of the rule starts from the contact: "the tickets C participates in".
create index ticket_participants_contact_idx on ticket_participants (contact_id, ticket_id);

-- The new privilege of the catalogue (§2): Full holds every privilege.
update privilege_groups set privileges = array_append(privileges, 'tickets.participants.manage')
where system_key = 'full' and not ('tickets.participants.manage' = any(privileges));
