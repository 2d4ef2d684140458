import { sql, type Expression, type SqlBool } from 'kysely';
import type { ContactActor } from './actor.ts';
import type { Module, Privilege } from './privileges.ts';
import { isMember } from './membership.ts';
import { visibleTickets } from './ticket-scope.ts';

/**
 * Which organization-owned records (assets, contracts, quotes, invoices, payments, documents),
 * charges and knowledge-base articles a contact may see (permission-model §6), as SQL conditions
 * over the record's row alias. Like the ticket scope, every read ANDs these in.
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

/** Assets: linked to the contact (own), or of an organization in scope when the scope is wider than own. */
export function visibleAssets(actor: ContactActor, a = 'a'): Expression<SqlBool> {
  if (!allowed(actor, 'assets', 'assets.view')) return FALSE;
  const linked = sql<SqlBool>`${col(a, 'contact_id')} = ${actor.id}::uuid`;
  if (actor.recordScope === 'own') return linked;
  return sql<SqlBool>`(${linked} or ${inRecordScope(actor, a)})`;
}

type OrganizationRecord = 'contracts' | 'quotes' | 'invoices' | 'payments';
const RECORD_PRIVILEGE: Record<OrganizationRecord, Privilege> = {
  contracts: 'contracts.view',
  quotes: 'quotes.view',
  invoices: 'invoices.view',
  payments: 'payments.view',
};

// Drafts are the provider's work in progress: contacts see quotes once sent, invoices once issued.
const HIDES_DRAFTS: ReadonlySet<OrganizationRecord> = new Set(['quotes', 'invoices']);

export function visibleOrganizationRecords(
  actor: ContactActor,
  module: OrganizationRecord,
  r: string,
): Expression<SqlBool> {
  if (!allowed(actor, module, RECORD_PRIVILEGE[module])) return FALSE;
  if (!HIDES_DRAFTS.has(module)) return inRecordScope(actor, r);
  return sql<SqlBool>`(${inRecordScope(actor, r)} and ${col(r, 'status')} <> 'draft')`;
}

export const visibleQuotes = (actor: ContactActor, q = 'q') => visibleOrganizationRecords(actor, 'quotes', q);
export const visibleInvoices = (actor: ContactActor, i = 'i') =>
  visibleOrganizationRecords(actor, 'invoices', i);

/** Documents: only those marked public, of organizations in scope. */
export function visibleDocuments(actor: ContactActor, d = 'd'): Expression<SqlBool> {
  if (!allowed(actor, 'documents', 'documents.view')) return FALSE;
  return sql<SqlBool>`(${col(d, 'public')} and ${inRecordScope(actor, d)})`;
}

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
