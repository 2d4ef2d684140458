-- Impersonation in write mode: the contact is the author of what it writes, and the staff user
-- who acted for it is kept beside it, so staff see "Dana Whitfield (by Sam Rivera, staff)".
-- Nullable and additive (older instances ignore it); never shown in the portal.
alter table ticket_comments add column acting_staff_id uuid references staff_users(id) on delete set null;
alter table attachments add column acting_staff_id uuid references staff_users(id) on delete set null;
alter table ticket_events add column acting_staff_id uuid references staff_users(id) on delete set null;
