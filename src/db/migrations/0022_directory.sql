-- Issue 15 §2: LDAP / Active Directory bind sign-in and directory sync (docs/directory.md).

-- The directory's configuration: a single row, off until an administrator switches it on. The
-- mappings are lists of {dn, id} read by the sync, which skips an id that no longer exists.
create table directory_settings (
  id boolean primary key default true check (id),
  enabled boolean not null default false,
  url text not null default '',
  bind_dn text not null default '',
  -- Write-only through the API: never answered, never logged.
  bind_password text not null default '',
  base_dn text not null default '',
  user_filter text not null default '(objectClass=inetOrgPerson)',
  group_filter text not null default '(|(objectClass=groupOfNames)(objectClass=group))',
  email_attribute text not null default 'mail',
  name_attribute text not null default 'cn',
  -- Extra test for disabled accounts (an LDAP filter); AD's userAccountControl bit 2 always counts.
  disabled_filter text not null default '',
  -- Contact field (title, department, phone, attributes.<name>) → directory attribute.
  attribute_map jsonb not null default '{}',
  group_map jsonb not null default '[]',
  privilege_map jsonb not null default '[]',
  organization_map jsonb not null default '[]',
  default_organization_id uuid references organizations(id) on delete set null,
  default_privilege_group_id uuid references privilege_groups(id) on delete set null,
  sync_minutes integer not null default 60 check (sync_minutes between 1 and 10080),
  last_sync_at timestamptz(3),
  last_sync_error text,
  updated_at timestamptz(3) not null default now()
);
insert into directory_settings default values;

-- Contacts the directory manages: the entry each comes from. Such a contact signs in with its
-- directory password; disabled_by_directory says the sync disabled it (and may enable it again).
create table directory_accounts (
  contact_id uuid primary key references contacts(id) on delete cascade,
  dn text not null,
  disabled_by_directory boolean not null default false,
  synced_at timestamptz(3) not null default now()
);
create unique index directory_accounts_dn_idx on directory_accounts (lower(dn));

-- Explicit memberships the directory made: a sync adds and removes only these, never hand-made ones.
alter table user_group_contacts add column directory_managed boolean not null default false;
create index user_group_contacts_directory_idx on user_group_contacts (user_group_id) where directory_managed;
