import { sql, type Expression, type SqlBool } from 'kysely';
import type { ContactActor } from '../actor.ts';
import type { Module, Privilege } from '../privileges.ts';
import { isMember } from '../membership.ts';
import { visibleTickets } from '../tickets/condition.ts';

/**
 * Which organization-owned records (assets, contracts, quotes, invoices, payments, documents),
 * charges and knowledge-base articles a contact may see (permission-model §6), as SQL conditions
 * over the record's row alias. Like the ticket scope, every read ANDs these in. The bulk form
 * (records/bulk.ts) and explain (records/explain.ts) read the same RECORD_RULES; property tests
 * hold them against these conditions (test/api/access-preview.test.ts, access-explain.test.ts).
 */

const FALSE = sql<SqlBool>`false`;
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

const allowed = (actor: ContactActor, module: Module, privilege: Privilege) =>
  actor.modules.has(module) && actor.privileges.has(privilege);

/** The record's organization lies in the contact's record scope (`own` means its own organization). */
function inRecordScope(actor: ContactActor, r: string): Expression<SqlBool> {
  if (actor.recordScope === 'organization_tree') {
    return sql<SqlBool>`${col(r, 'organization_id')} in (
      select oc.descendant_id from organization_closure oc where oc.ancestor_id = ${actor.organizationId}::uuid)`;
  }
  return sql<SqlBool>`${col(r, 'organization_id')} = ${actor.organizationId}::uuid`;
}

export const RECORD_KINDS = ['asset', 'contract', 'quote', 'invoice', 'payment', 'document'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * The rule of each kind of organization-owned record, which every form reads (the condition
 * here, the bulk form in records/bulk.ts, explain in records/explain.ts): a record is visible to
 * a contact that holds the privilege and may use the module when its organization is in the
 * contact's record scope (`own`: its own organization) and it is `shown`.
 */
type RecordRule = {
  module: Module;
  privilege: Privilege;
  table: 'assets' | 'contracts' | 'quotes' | 'invoices' | 'payments' | 'documents';
  /** Records linked to the contact (assets) are its own: visible whatever its scope, and alone under scope `own`. */
  linkedToContact?: true;
  /** What contacts never see even in scope, as a condition on the record (alias given). */
  shown?: (r: string) => Expression<SqlBool>;
};

// Drafts are the provider's work in progress: contacts see quotes once sent, invoices once issued.
const notDraft = (r: string) => sql<SqlBool>`${col(r, 'status')} <> 'draft'`;

export const RECORD_RULES: Record<RecordKind, RecordRule> = {
  asset: { module: 'assets', privilege: 'assets.view', table: 'assets', linkedToContact: true },
  contract: { module: 'contracts', privilege: 'contracts.view', table: 'contracts' },
  quote: { module: 'quotes', privilege: 'quotes.view', table: 'quotes', shown: notDraft },
  invoice: { module: 'invoices', privilege: 'invoices.view', table: 'invoices', shown: notDraft },
  payment: { module: 'payments', privilege: 'payments.view', table: 'payments' },
  // Only documents marked public.
  document: {
    module: 'documents',
    privilege: 'documents.view',
    table: 'documents',
    shown: (d) => sql<SqlBool>`${col(d, 'public')}`,
  },
};

/** May the contact see the record of this kind (row alias `r`)? */
export function visibleRecords(actor: ContactActor, kind: RecordKind, r: string): Expression<SqlBool> {
  const rule = RECORD_RULES[kind];
  if (!allowed(actor, rule.module, rule.privilege)) return FALSE;
  const linked = rule.linkedToContact && sql<SqlBool>`${col(r, 'contact_id')} = ${actor.id}::uuid`;
  if (linked && actor.recordScope === 'own') return linked;
  const reached = linked ? sql<SqlBool>`(${linked} or ${inRecordScope(actor, r)})` : inRecordScope(actor, r);
  return rule.shown ? sql<SqlBool>`(${reached} and ${rule.shown(r)})` : reached;
}

export const visibleAssets = (actor: ContactActor, a = 'a') => visibleRecords(actor, 'asset', a);

const KIND_OF_MODULE = {
  contracts: 'contract',
  quotes: 'quote',
  invoices: 'invoice',
  payments: 'payment',
} as const;

export const visibleOrganizationRecords = (
  actor: ContactActor,
  module: keyof typeof KIND_OF_MODULE,
  r: string,
): Expression<SqlBool> => visibleRecords(actor, KIND_OF_MODULE[module], r);

export const visibleQuotes = (actor: ContactActor, q = 'q') => visibleRecords(actor, 'quote', q);
export const visibleInvoices = (actor: ContactActor, i = 'i') => visibleRecords(actor, 'invoice', i);
export const visibleDocuments = (actor: ContactActor, d = 'd') => visibleRecords(actor, 'document', d);

/** Charges: on tickets and contracts the contact may see. */
export function visibleCharges(actor: ContactActor, ch = 'ch'): Expression<SqlBool> {
  if (!allowed(actor, 'charges', 'charges.view')) return FALSE;
  return sql<SqlBool>`(
    (${col(ch, 'ticket_id')} is not null and exists (
      select 1 from tickets t where t.id = ${col(ch, 'ticket_id')} and ${visibleTickets(actor, 't')}))
    or (${col(ch, 'contract_id')} is not null and exists (
      select 1 from contracts ct where ct.id = ${col(ch, 'contract_id')} and ${visibleOrganizationRecords(actor, 'contracts', 'ct')}))
  )`;
}

/** Knowledge-base articles: published, and public to all portal users or restricted to groups the contact is in. */
export function visibleArticles(actor: ContactActor, k = 'k'): Expression<SqlBool> {
  if (!allowed(actor, 'kb', 'kb.view')) return FALSE;
  const contactId = sql<string>`${actor.id}::uuid`;
  const organizationId = sql<string>`${actor.organizationId}::uuid`;
  return sql<SqlBool>`(${col(k, 'published')} and (${col(k, 'visibility')} = 'public' or exists (
    select 1 from kb_article_groups kg where kg.article_id = ${col(k, 'id')}
      and ${isMember(contactId, organizationId, sql.ref('kg.user_group_id'))})))`;
}
