-- Portico schema, version 1. Ids are UUIDv7 (time-ordered, so keyset pagination by id follows
-- creation order) generated in the database so SQL-side generators get them too.
create function portico_uuid_v7() returns uuid
language sql volatile as $$
  select encode(
    set_byte(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      6, (get_byte(uuid_send(gen_random_uuid()), 6) & 15) | 112),
    'hex')::uuid
$$;

create table organizations (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  parent_id uuid references organizations(id) on delete restrict,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index organizations_parent_idx on organizations (parent_id);
create index organizations_name_idx on organizations (lower(name), id);

create table privilege_groups (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  description text not null default '',
  system_key text unique check (system_key in ('no_portal_access', 'limited', 'partial', 'full')),
  privileges text[] not null default '{}',
  ticket_scope text not null default 'own' check (ticket_scope in ('own', 'organization', 'organization_tree')),
  record_scope text not null default 'own' check (record_scope in ('own', 'organization', 'organization_tree')),
  scope_level text not null default 'read' check (scope_level in ('read', 'write')),
  is_default boolean not null default false,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index privilege_groups_name_key on privilege_groups (lower(name));
-- Exactly one default group: at most one here, at least one kept by the service.
create unique index privilege_groups_one_default on privilege_groups (is_default) where is_default;

create table contacts (
  id uuid primary key default portico_uuid_v7(),
  organization_id uuid not null references organizations(id) on delete restrict,
  privilege_group_id uuid not null references privilege_groups(id) on delete restrict,
  name text not null,
  email text not null,
  phone text not null default '',
  title text not null default '',
  department text not null default '',
  attributes jsonb not null default '{}',
  disabled boolean not null default false,
  password_hash text,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index contacts_email_key on contacts (lower(email));
create index contacts_organization_idx on contacts (organization_id, id);
create index contacts_privilege_group_idx on contacts (privilege_group_id);
create index contacts_name_idx on contacts (lower(name), id);

create table staff_users (
  id uuid primary key default portico_uuid_v7(),
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'agent')),
  can_impersonate boolean not null default false,
  disabled boolean not null default false,
  password_hash text,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index staff_users_email_key on staff_users (lower(email));

-- Browser sessions. The cookie holds a random token; only its SHA-256 is stored.
create table sessions (
  id uuid primary key default portico_uuid_v7(),
  token_hash text not null unique,
  csrf_hash text not null,
  staff_user_id uuid references staff_users(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  ip text not null default '',
  user_agent text not null default '',
  created_at timestamptz(3) not null default now(),
  last_seen_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  check ((staff_user_id is null) <> (contact_id is null))
);
create index sessions_staff_idx on sessions (staff_user_id) where staff_user_id is not null;
create index sessions_contact_idx on sessions (contact_id) where contact_id is not null;

create table api_tokens (
  id uuid primary key default portico_uuid_v7(),
  staff_user_id uuid not null references staff_users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  token_prefix text not null,
  created_at timestamptz(3) not null default now(),
  last_used_at timestamptz(3),
  expires_at timestamptz(3),
  revoked_at timestamptz(3)
);
create index api_tokens_staff_idx on api_tokens (staff_user_id, id);

-- Single-use links for invitations and forgotten passwords.
create table password_tokens (
  id uuid primary key default portico_uuid_v7(),
  contact_id uuid not null references contacts(id) on delete cascade,
  purpose text not null check (purpose in ('invite', 'reset')),
  token_hash text not null unique,
  created_by_staff_id uuid references staff_users(id) on delete set null,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  used_at timestamptz(3)
);
create index password_tokens_contact_idx on password_tokens (contact_id);

-- Failed sign-in counters shared by every app instance (key: 'account:<email>' or 'ip:<addr>').
create table login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz(3) not null,
  blocked_until timestamptz(3)
);

create table user_groups (
  id uuid primary key default portico_uuid_v7(),
  name text not null,
  description text not null default '',
  always boolean not null default false,
  rule jsonb,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index user_groups_name_key on user_groups (lower(name));

create table user_group_contacts (
  user_group_id uuid not null references user_groups(id) on delete cascade,
  contact_id uuid not null references contacts(id) on delete cascade,
  primary key (user_group_id, contact_id)
);
create index user_group_contacts_contact_idx on user_group_contacts (contact_id);

create table user_group_organizations (
  user_group_id uuid not null references user_groups(id) on delete cascade,
  organization_id uuid not null references organizations(id) on delete cascade,
  include_sub_organizations boolean not null default false,
  primary key (user_group_id, organization_id)
);
create index user_group_organizations_org_idx on user_group_organizations (organization_id);

create table access_grants (
  id uuid primary key default portico_uuid_v7(),
  contact_id uuid not null references contacts(id) on delete cascade,
  user_group_id uuid not null references user_groups(id) on delete cascade,
  level text not null check (level in ('read', 'write')),
  expires_at timestamptz(3),
  created_at timestamptz(3) not null default now()
);
create index access_grants_contact_idx on access_grants (contact_id);
create index access_grants_group_idx on access_grants (user_group_id);

create table module_allowed_groups (
  module text not null check (module in ('tickets', 'assets', 'contracts', 'charges', 'quotes', 'invoices', 'payments', 'documents', 'kb')),
  user_group_id uuid not null references user_groups(id) on delete cascade,
  primary key (module, user_group_id)
);

-- Stored file contents (attachments, documents, KB files), kept apart from the metadata rows.
create table files (
  id uuid primary key default portico_uuid_v7(),
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  data bytea not null,
  created_at timestamptz(3) not null default now()
);

create table assets (
  id uuid primary key default portico_uuid_v7(),
  organization_id uuid not null references organizations(id) on delete restrict,
  contact_id uuid references contacts(id) on delete set null,
  name text not null,
  asset_type text not null default '',
  serial_number text not null default '',
  status text not null default 'active' check (status in ('active', 'retired')),
  config_notes text not null default '',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create index assets_organization_idx on assets (organization_id, id);
create index assets_contact_idx on assets (contact_id, id) where contact_id is not null;

create table tickets (
  id uuid primary key default portico_uuid_v7(),
  number bigint generated always as identity unique,
  subject text not null,
  description text not null default '',
  status text not null default 'open' check (status in ('open', 'pending', 'closed')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  requester_id uuid not null references contacts(id) on delete restrict,
  organization_id uuid not null references organizations(id) on delete restrict,
  asset_id uuid references assets(id) on delete set null,
  private boolean not null default false,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  last_activity_at timestamptz(3) not null default now(),
  closed_at timestamptz(3)
);
create index tickets_activity_idx on tickets (last_activity_at desc, id desc);
create index tickets_requester_idx on tickets (requester_id, last_activity_at desc, id desc);
create index tickets_organization_idx on tickets (organization_id, last_activity_at desc, id desc);
create index tickets_status_idx on tickets (status, last_activity_at desc, id desc);

create table ticket_comments (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid not null references tickets(id) on delete cascade,
  body text not null,
  public boolean not null,
  author_staff_id uuid references staff_users(id) on delete set null,
  author_contact_id uuid references contacts(id) on delete set null,
  created_at timestamptz(3) not null default now()
);
create index ticket_comments_ticket_idx on ticket_comments (ticket_id, id);

create table attachments (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid not null references tickets(id) on delete cascade,
  comment_id uuid references ticket_comments(id) on delete set null,
  file_id uuid not null references files(id) on delete restrict,
  public boolean not null,
  uploaded_by_staff_id uuid references staff_users(id) on delete set null,
  uploaded_by_contact_id uuid references contacts(id) on delete set null,
  created_at timestamptz(3) not null default now()
);
create index attachments_ticket_idx on attachments (ticket_id, id);

-- E-mails filed under a ticket; contacts see only those marked public.
create table ticket_emails (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid not null references tickets(id) on delete cascade,
  from_address text not null,
  to_address text not null,
  subject text not null,
  body text not null,
  public boolean not null default false,
  sent_at timestamptz(3) not null default now()
);
create index ticket_emails_ticket_idx on ticket_emails (ticket_id, id);

-- Field changes on a ticket, for the history tab.
create table ticket_events (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid not null references tickets(id) on delete cascade,
  field text not null,
  old_value text,
  new_value text,
  actor_staff_id uuid references staff_users(id) on delete set null,
  actor_contact_id uuid references contacts(id) on delete set null,
  created_at timestamptz(3) not null default now()
);
create index ticket_events_ticket_idx on ticket_events (ticket_id, id);

create table contracts (
  id uuid primary key default portico_uuid_v7(),
  organization_id uuid not null references organizations(id) on delete restrict,
  name text not null,
  status text not null default 'active' check (status in ('draft', 'active', 'expired', 'cancelled')),
  starts_on date,
  ends_on date,
  terms text not null default '',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create index contracts_organization_idx on contracts (organization_id, id);

-- Money is stored in integer cents.
create table charges (
  id uuid primary key default portico_uuid_v7(),
  ticket_id uuid references tickets(id) on delete cascade,
  contract_id uuid references contracts(id) on delete cascade,
  description text not null,
  quantity numeric(12, 2) not null default 1,
  unit_price_cents bigint not null,
  amount_cents bigint not null,
  charged_on date not null default current_date,
  created_at timestamptz(3) not null default now(),
  check (ticket_id is not null or contract_id is not null)
);
create index charges_ticket_idx on charges (ticket_id, id) where ticket_id is not null;
create index charges_contract_idx on charges (contract_id, id) where contract_id is not null;

create table quotes (
  id uuid primary key default portico_uuid_v7(),
  number bigint generated always as identity unique,
  organization_id uuid not null references organizations(id) on delete restrict,
  contact_id uuid references contacts(id) on delete set null,
  title text not null,
  status text not null default 'draft' check (status in ('draft', 'sent', 'accepted', 'declined')),
  total_cents bigint not null default 0,
  valid_until date,
  sent_at timestamptz(3),
  decided_at timestamptz(3),
  decided_by_contact_id uuid references contacts(id) on delete set null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create index quotes_organization_idx on quotes (organization_id, id);

create table quote_lines (
  id uuid primary key default portico_uuid_v7(),
  quote_id uuid not null references quotes(id) on delete cascade,
  position integer not null,
  description text not null,
  quantity numeric(12, 2) not null,
  unit_price_cents bigint not null,
  amount_cents bigint not null
);
create index quote_lines_quote_idx on quote_lines (quote_id, position);

create table invoices (
  id uuid primary key default portico_uuid_v7(),
  number bigint generated always as identity unique,
  organization_id uuid not null references organizations(id) on delete restrict,
  quote_id uuid references quotes(id) on delete set null,
  status text not null default 'draft' check (status in ('draft', 'issued', 'paid', 'void')),
  issued_on date,
  due_on date,
  total_cents bigint not null default 0,
  notes text not null default '',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create index invoices_organization_idx on invoices (organization_id, id);

create table invoice_lines (
  id uuid primary key default portico_uuid_v7(),
  invoice_id uuid not null references invoices(id) on delete cascade,
  position integer not null,
  description text not null,
  quantity numeric(12, 2) not null,
  unit_price_cents bigint not null,
  amount_cents bigint not null
);
create index invoice_lines_invoice_idx on invoice_lines (invoice_id, position);

create table payments (
  id uuid primary key default portico_uuid_v7(),
  organization_id uuid not null references organizations(id) on delete restrict,
  invoice_id uuid references invoices(id) on delete set null,
  amount_cents bigint not null check (amount_cents > 0),
  method text not null default 'bank_transfer' check (method in ('bank_transfer', 'card', 'cash', 'check', 'other')),
  reference text not null default '',
  received_on date not null default current_date,
  created_at timestamptz(3) not null default now()
);
create index payments_organization_idx on payments (organization_id, id);
create index payments_invoice_idx on payments (invoice_id) where invoice_id is not null;

create table documents (
  id uuid primary key default portico_uuid_v7(),
  organization_id uuid not null references organizations(id) on delete restrict,
  title text not null,
  description text not null default '',
  public boolean not null default false,
  file_id uuid not null references files(id) on delete restrict,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create index documents_organization_idx on documents (organization_id, id);

create table kb_articles (
  id uuid primary key default portico_uuid_v7(),
  title text not null,
  body text not null,
  published boolean not null default false,
  visibility text not null default 'public' check (visibility in ('public', 'groups')),
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);

create table kb_article_groups (
  article_id uuid not null references kb_articles(id) on delete cascade,
  user_group_id uuid not null references user_groups(id) on delete cascade,
  primary key (article_id, user_group_id)
);
create index kb_article_groups_group_idx on kb_article_groups (user_group_id);

create table kb_article_files (
  article_id uuid not null references kb_articles(id) on delete cascade,
  file_id uuid not null references files(id) on delete restrict,
  primary key (article_id, file_id)
);

create table audit_log (
  id uuid primary key default portico_uuid_v7(),
  at timestamptz(3) not null default now(),
  actor_type text not null check (actor_type in ('staff', 'contact', 'system', 'anonymous')),
  actor_id uuid,
  actor_label text not null default '',
  impersonator_staff_id uuid,
  action text not null,
  entity_type text not null,
  entity_id uuid,
  before jsonb,
  after jsonb,
  ip text not null default ''
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id desc);
create index audit_log_actor_idx on audit_log (actor_id, id desc);

-- The four system privilege groups (permission-model §2). Limited is the default.
insert into privilege_groups (name, description, system_key, privileges, ticket_scope, record_scope, scope_level, is_default) values
  ('No portal access', 'Cannot sign in to the portal.', 'no_portal_access', '{}', 'own', 'own', 'read', false),
  ('Limited', 'Own tickets and assets, public attachments and documents, knowledge base.', 'limited',
   '{portal.login,tickets.view,tickets.create,tickets.reply,attachments.view,assets.view,documents.view,kb.view,account.change_password}',
   'own', 'own', 'read', true),
  ('Partial', 'Limited plus priority, linked asset, history, public e-mails, contracts, quotes, uploads and KB files.', 'partial',
   '{portal.login,tickets.view,tickets.create,tickets.reply,attachments.view,assets.view,documents.view,kb.view,account.change_password,tickets.priority.view,tickets.asset.view,tickets.history.view,tickets.emails.view,contracts.view,quotes.view,attachments.upload,kb.files.download}',
   'own', 'own', 'read', false),
  ('Full', 'Every privilege, for the whole organization, read and write.', 'full',
   '{portal.login,tickets.view,tickets.create,tickets.reply,tickets.edit_description,tickets.close,tickets.priority.view,tickets.priority.edit,tickets.asset.view,tickets.asset.edit,tickets.history.view,tickets.emails.view,attachments.view,attachments.upload,assets.view,assets.config_notes.view,contracts.view,charges.view,quotes.view,quotes.accept,invoices.view,payments.view,documents.view,kb.view,kb.files.download,account.change_password}',
   'organization', 'organization', 'write', false);
