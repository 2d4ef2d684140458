// Kysely's view of the tables in migrations/. Keep in step with the SQL (a test compares them).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Id = Generated<string>;
/** 'YYYY-MM-DD' */
type DateOnly = string;

export type TicketScope = 'own' | 'organization' | 'organization_tree';
export type ScopeLevel = 'read' | 'write';
export type Json = JSONColumnType<object, unknown, unknown>;

export interface OrganizationsTable {
  id: Id;
  name: string;
  parent_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PrivilegeGroupsTable {
  id: Id;
  name: string;
  description: Generated<string>;
  system_key: string | null;
  privileges: Generated<string[]>;
  ticket_scope: Generated<TicketScope>;
  record_scope: Generated<TicketScope>;
  scope_level: Generated<ScopeLevel>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Id;
  organization_id: string;
  privilege_group_id: string;
  name: string;
  email: string;
  phone: Generated<string>;
  title: Generated<string>;
  department: Generated<string>;
  attributes: JSONColumnType<Record<string, string>, string | undefined, string>;
  disabled: Generated<boolean>;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StaffUsersTable {
  id: Id;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  can_impersonate: Generated<boolean>;
  disabled: Generated<boolean>;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Id;
  token_hash: string;
  csrf_hash: string;
  staff_user_id: string | null;
  contact_id: string | null;
  ip: Generated<string>;
  user_agent: Generated<string>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  impersonator_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
  impersonator_session_id: ColumnType<string | null, string | null | undefined, string | null>;
  impersonation_mode: ColumnType<
    'read' | 'write' | null,
    'read' | 'write' | null | undefined,
    'read' | 'write' | null
  >;
  impersonation_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiTokensTable {
  id: Id;
  staff_user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface PasswordTokensTable {
  id: Id;
  contact_id: string;
  purpose: 'invite' | 'reset';
  token_hash: string;
  created_by_staff_id: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
}

export interface UserGroupsTable {
  id: Id;
  name: string;
  description: Generated<string>;
  always: Generated<boolean>;
  rule: JSONColumnType<object, string | null, string | null> | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserGroupContactsTable {
  user_group_id: string;
  contact_id: string;
}

export interface UserGroupOrganizationsTable {
  user_group_id: string;
  organization_id: string;
  include_sub_organizations: Generated<boolean>;
}

export interface AccessGrantsTable {
  id: Id;
  contact_id: string;
  user_group_id: string;
  level: ScopeLevel;
  expires_at: Date | null;
  created_at: CreatedAt;
}

export interface ModuleAllowedGroupsTable {
  module: string;
  user_group_id: string;
}

export interface FilesTable {
  id: Id;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  data: Uint8Array;
  created_at: CreatedAt;
}

export interface AssetsTable {
  id: Id;
  organization_id: string;
  contact_id: string | null;
  name: string;
  asset_type: Generated<string>;
  serial_number: Generated<string>;
  status: Generated<'active' | 'retired'>;
  config_notes: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type TicketStatus = 'open' | 'pending' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TicketsTable {
  id: Id;
  number: ColumnType<number, never, never>;
  subject: string;
  description: Generated<string>;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  requester_id: string;
  organization_id: string;
  asset_id: string | null;
  private: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_activity_at: Timestamp;
  closed_at: Date | null;
}

export interface TicketCommentsTable {
  id: Id;
  ticket_id: string;
  body: string;
  public: boolean;
  author_staff_id: string | null;
  author_contact_id: string | null;
  created_at: CreatedAt;
}

export interface AttachmentsTable {
  id: Id;
  ticket_id: string;
  comment_id: string | null;
  file_id: string;
  public: boolean;
  uploaded_by_staff_id: string | null;
  uploaded_by_contact_id: string | null;
  created_at: CreatedAt;
}

export interface TicketEmailsTable {
  id: Id;
  ticket_id: string;
  from_address: string;
  to_address: string;
  subject: string;
  body: string;
  public: Generated<boolean>;
  sent_at: Timestamp;
}

export interface TicketEventsTable {
  id: Id;
  ticket_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  actor_staff_id: string | null;
  actor_contact_id: string | null;
  created_at: CreatedAt;
}

export interface ContractsTable {
  id: Id;
  organization_id: string;
  name: string;
  status: Generated<'draft' | 'active' | 'expired' | 'cancelled'>;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  terms: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ChargesTable {
  id: Id;
  ticket_id: string | null;
  contract_id: string | null;
  description: string;
  quantity: Generated<number>;
  unit_price_cents: number;
  amount_cents: number;
  charged_on: ColumnType<DateOnly, DateOnly | undefined, DateOnly>;
  created_at: CreatedAt;
}

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'declined';

export interface QuotesTable {
  id: Id;
  number: ColumnType<number, never, never>;
  organization_id: string;
  contact_id: string | null;
  title: string;
  status: Generated<QuoteStatus>;
  total_cents: Generated<number>;
  valid_until: DateOnly | null;
  sent_at: Date | null;
  decided_at: Date | null;
  decided_by_contact_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LinesTable {
  id: Id;
  position: number;
  description: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
}

export interface QuoteLinesTable extends LinesTable {
  quote_id: string;
}

export interface InvoiceLinesTable extends LinesTable {
  invoice_id: string;
}

export interface InvoicesTable {
  id: Id;
  number: ColumnType<number, never, never>;
  organization_id: string;
  quote_id: string | null;
  status: Generated<'draft' | 'issued' | 'paid' | 'void'>;
  issued_on: DateOnly | null;
  due_on: DateOnly | null;
  total_cents: Generated<number>;
  notes: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PaymentsTable {
  id: Id;
  organization_id: string;
  invoice_id: string | null;
  amount_cents: number;
  method: Generated<'bank_transfer' | 'card' | 'cash' | 'check' | 'other'>;
  reference: Generated<string>;
  received_on: ColumnType<DateOnly, DateOnly | undefined, DateOnly>;
  created_at: CreatedAt;
}

export interface DocumentsTable {
  id: Id;
  organization_id: string;
  title: string;
  description: Generated<string>;
  public: Generated<boolean>;
  file_id: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface KbArticlesTable {
  id: Id;
  title: string;
  body: string;
  published: Generated<boolean>;
  visibility: Generated<'public' | 'groups'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface KbArticleGroupsTable {
  article_id: string;
  user_group_id: string;
}

export interface KbArticleFilesTable {
  article_id: string;
  file_id: string;
}

export interface AuditLogTable {
  id: Id;
  at: CreatedAt;
  actor_type: 'staff' | 'contact' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: Generated<string>;
  impersonator_staff_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: JSONColumnType<object, string | null, string | null> | null;
  after: JSONColumnType<object, string | null, string | null> | null;
  ip: Generated<string>;
}

export interface OrganizationClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface UserGroupRuleMembersTable {
  user_group_id: string;
  contact_id: string;
}

export interface DB {
  organizations: OrganizationsTable;
  privilege_groups: PrivilegeGroupsTable;
  contacts: ContactsTable;
  staff_users: StaffUsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_tokens: PasswordTokensTable;
  login_throttle: LoginThrottleTable;
  user_groups: UserGroupsTable;
  user_group_contacts: UserGroupContactsTable;
  user_group_organizations: UserGroupOrganizationsTable;
  access_grants: AccessGrantsTable;
  module_allowed_groups: ModuleAllowedGroupsTable;
  files: FilesTable;
  assets: AssetsTable;
  tickets: TicketsTable;
  ticket_comments: TicketCommentsTable;
  attachments: AttachmentsTable;
  ticket_emails: TicketEmailsTable;
  ticket_events: TicketEventsTable;
  contracts: ContractsTable;
  charges: ChargesTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  documents: DocumentsTable;
  kb_articles: KbArticlesTable;
  kb_article_groups: KbArticleGroupsTable;
  kb_article_files: KbArticleFilesTable;
  audit_log: AuditLogTable;
  organization_closure: OrganizationClosureTable;
  user_group_rule_members: UserGroupRuleMembersTable;
}
