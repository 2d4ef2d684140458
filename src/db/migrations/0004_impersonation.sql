-- Impersonation ("view portal as"): a portal session opened by a staff user for a contact. It
-- ends with the staff session that opened it (cascade), at its own expiry, or as soon as the
-- staff user loses the right (checked on every request).
alter table sessions
  add column impersonator_staff_id uuid references staff_users(id) on delete cascade,
  add column impersonator_session_id uuid references sessions(id) on delete cascade,
  add column impersonation_mode text check (impersonation_mode in ('read', 'write')),
  add column impersonation_reason text,
  add constraint sessions_impersonation_complete check (
    (impersonator_staff_id is null) = (impersonation_mode is null) and (impersonator_staff_id is null or contact_id is not null));
create index sessions_impersonator_idx on sessions (impersonator_staff_id) where impersonator_staff_id is not null;
