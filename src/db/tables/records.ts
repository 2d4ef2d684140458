// The records an organization holds (assets, contracts, billing, documents), the knowledge base
// and the audit log.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp, CreatedAt, Id, DateOnly } from './columns.ts';

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
  /** ISO 4217, set on insert by a trigger from the organization (migration 0024). */
  currency: ColumnType<string, never, never>;
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
  /** ISO 4217, set on insert by a trigger from the organization (migration 0024). */
  currency: ColumnType<string, never, never>;
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
  /** ISO 4217, set on insert by a trigger from the organization (migration 0024). */
  currency: ColumnType<string, never, never>;
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
  /** ISO 4217, set on insert by a trigger from the organization (migration 0024). */
  currency: ColumnType<string, never, never>;
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
