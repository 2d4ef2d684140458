-- Issue 15: sign-in hygiene, two factors (TOTP), step-up and scoped API tokens.

-- Progressive blocks: how many blocks a throttle key has had in a row; each lasts twice the last.
alter table login_throttle add column blocks integer not null default 0;

-- A second factor (TOTP) of a staff user or a contact. Unconfirmed while enrolling: it counts only
-- once a code made with it was accepted (confirmed_at). last_step: the newest 30-second step
-- accepted, so a code is used once.
create table two_factors (
  id uuid primary key default portico_uuid_v7(),
  staff_user_id uuid unique references staff_users(id) on delete cascade,
  contact_id uuid unique references contacts(id) on delete cascade,
  secret text not null,
  confirmed_at timestamptz(3),
  last_step bigint,
  created_at timestamptz(3) not null default now(),
  check ((staff_user_id is null) <> (contact_id is null))
);

-- One-time recovery codes, stored as SHA-256 digests only.
create table recovery_codes (
  id uuid primary key default portico_uuid_v7(),
  two_factor_id uuid not null references two_factors(id) on delete cascade,
  code_hash text not null,
  used_at timestamptz(3)
);
create index recovery_codes_two_factor_idx on recovery_codes (two_factor_id);

-- Half signed in: the password was right, the second factor (or, for an administrator who must
-- use two factors and has none, its enrolment) is still to come. Not a session: nothing but the
-- second-factor routes reads this table, so it grants nothing else (and an instance of the
-- previous release cannot take it for a session). Short-lived; attempts counts wrong codes.
create table sign_in_challenges (
  id uuid primary key default portico_uuid_v7(),
  token_hash text not null unique,
  staff_user_id uuid references staff_users(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  purpose text not null check (purpose in ('second_factor', 'enrol')),
  attempts integer not null default 0,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  check ((staff_user_id is null) <> (contact_id is null))
);

-- Step-up: the last time the session's owner gave the password or a code again (or signed in).
alter table sessions add column reauthenticated_at timestamptz(3);

-- Sign-in settings: a single row.
create table sign_in_settings (
  id boolean primary key default true check (id),
  admins_require_two_factor boolean not null default false,
  updated_at timestamptz(3) not null default now()
);
insert into sign_in_settings default values;

-- Scoped API tokens: staff tokens carry scopes (those made before keep every right, 'admin');
-- contacts may hold read-only personal tokens for the portal API.
alter table api_tokens alter column staff_user_id drop not null;
alter table api_tokens add column contact_id uuid references contacts(id) on delete cascade;
alter table api_tokens add column scopes text[] not null default '{admin}';
-- contract: the previous release writes only staff tokens (staff_user_id set, contact_id unknown to
-- it), which this check accepts; its token lookup joins staff_users, so it never reads a contact's.
alter table api_tokens add constraint api_tokens_one_owner check ((staff_user_id is null) <> (contact_id is null));
create index api_tokens_contact_idx on api_tokens (contact_id, id) where contact_id is not null;
