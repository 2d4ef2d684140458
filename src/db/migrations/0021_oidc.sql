-- Issue 15 §1: OpenID Connect sign-in for contacts and staff.

-- A provider an administrator configured. client_secret is sent to the provider only: the API
-- never answers it. audience: who may sign in with it. allowed_domains: e-mail domains accepted
-- (empty: any). Just-in-time contacts land in the organization whose mail_domain is the e-mail's
-- domain (jit_by_mail_domain), else in jit_organization_id. group_claims maps a value of the
-- `groups` claim to a user group id.
create table oidc_providers (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  issuer text not null,
  client_id text not null,
  client_secret text not null,
  audience text not null check (audience in ('portal', 'staff', 'both')),
  allowed_domains text[] not null default '{}',
  jit_enabled boolean not null default false,
  jit_organization_id uuid references organizations(id) on delete set null,
  jit_by_mail_domain boolean not null default false,
  group_claims jsonb not null default '{}',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);

-- Who a provider's subject is here: set at the first sign-in (matched by verified e-mail), then
-- later sign-ins match by (provider, subject), whatever the e-mail says. A provider for both
-- sides may vouch for one subject as a staff user and as a contact: one link of each.
create table oidc_identities (
  id uuid primary key default portico_uuid_v7(),
  provider_id uuid not null references oidc_providers(id) on delete cascade,
  subject text not null,
  staff_user_id uuid references staff_users(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  created_at timestamptz(3) not null default now(),
  check ((staff_user_id is null) <> (contact_id is null))
);
create unique index oidc_identities_staff_key on oidc_identities (provider_id, subject) where staff_user_id is not null;
create unique index oidc_identities_contact_key on oidc_identities (provider_id, subject) where contact_id is not null;
create unique index oidc_identities_staff_provider_key on oidc_identities (staff_user_id, provider_id) where staff_user_id is not null;
create unique index oidc_identities_contact_provider_key on oidc_identities (contact_id, provider_id) where contact_id is not null;

-- A sign-in under way between the redirect to the provider and its callback. browser_hash: the
-- SHA-256 of a cookie set on the redirect, so only the browser that started it can finish it.
create table oidc_logins (
  id uuid primary key default portico_uuid_v7(),
  state_hash text not null unique,
  browser_hash text not null,
  provider_id uuid not null references oidc_providers(id) on delete cascade,
  audience text not null check (audience in ('portal', 'staff')),
  code_verifier text not null,
  nonce text not null,
  next_path text not null,
  expires_at timestamptz(3) not null
);
create index oidc_logins_expires_idx on oidc_logins (expires_at);

-- Explicit memberships a provider's claims gave: the sign-in adds and removes only these, never
-- one added by hand. Removing the membership (by hand too) removes this mark with it.
create table oidc_group_memberships (
  provider_id uuid not null references oidc_providers(id) on delete cascade,
  user_group_id uuid not null,
  contact_id uuid not null,
  primary key (provider_id, user_group_id, contact_id),
  foreign key (user_group_id, contact_id) references user_group_contacts (user_group_id, contact_id) on delete cascade
);
create index oidc_group_memberships_contact_idx on oidc_group_memberships (contact_id, provider_id);
create index oidc_group_memberships_membership_idx on oidc_group_memberships (user_group_id, contact_id);
