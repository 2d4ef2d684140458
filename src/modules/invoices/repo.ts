import { type Selectable, type Transaction } from 'kysely';
import type { DB, InvoicesTable } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import { requireDateOrder } from '../assets/org-records.ts';
import { readLines } from '../quotes/lines.ts';
import { balanceOf, paidCentsOf, stateOf, type InvoiceState } from './state.ts';
import type { InvoiceListQuery, InvoiceOut, InvoiceSummary } from './schema.ts';
import type { Db } from '../../db/database.ts';
import type { RecordKind } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

/** `status` is the stored lifecycle (draft, issued, paid, void); `state` what the API answers. */
export type InvoiceRow = Selectable<InvoicesTable> & {
  paid_cents: number;
  balance_cents: number;
  state: InvoiceState;
};

export const toInvoiceSummary = ({ status: _lifecycle, state, ...row }: InvoiceRow): InvoiceSummary => ({
  ...wireRow(row),
  status: state,
});

export async function toInvoiceOut(row: InvoiceRow, db: Db): Promise<InvoiceOut> {
  const lines = await readLines(db, { kind: 'invoice', id: row.id });
  return { ...toInvoiceSummary(row), lines: lines.map((l) => ({ ...l, currency: row.currency })) };
}

const paid = paidCentsOf('invoices');

/** Invoices with their payments' sum, balance and state, all computed in SQL. */
const selectInvoices = (db: Db) =>
  db
    .selectFrom('invoices')
    .selectAll('invoices')
    .select([
      paid.as('paid_cents'),
      balanceOf('invoices', paid).as('balance_cents'),
      stateOf('invoices', paid).as('state'),
    ]);

/** One page of the invoices the filters (all optional) match. */
export async function listInvoices(db: Db, filter: InvoiceListQuery) {
  let query = selectInvoices(db);
  if (filter.organizationId) query = query.where('invoices.organization_id', '=', filter.organizationId);
  if (filter.status) query = query.where(stateOf('invoices', paid), '=', filter.status);
  return newestFirstPage(query, filter, toInvoiceSummary, { column: 'invoices.id' });
}

export function findInvoice(db: Db, id: string): Promise<InvoiceRow | undefined> {
  return selectInvoices(db).where('invoices.id', '=', id).executeTakeFirst();
}

export const invoiceRecord: RecordKind<InvoiceRow, InvoiceOut> = {
  noun: 'Invoice',
  find: findInvoice,
  toOut: toInvoiceOut,
};

/** The invoice as it is now, read again inside the write's transaction. */
export function invoiceRow(trx: Transaction<DB>, id: string): Promise<InvoiceRow> {
  return selectInvoices(trx).where('invoices.id', '=', id).executeTakeFirstOrThrow();
}

/** Locks an invoice that is still a draft, for an edit or a delete: 404 without it, 409 otherwise. */
export async function lockDraftInvoice(trx: Transaction<DB>, id: string): Promise<InvoiceRow> {
  const locked = await trx
    .selectFrom('invoices')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw notFound('Invoice');
  if (locked.status !== 'draft')
    throw conflict(`Only draft invoices can be changed; this one is ${locked.status}.`);
  return invoiceRow(trx, id);
}

/** A quote named in a body must be one of the invoice's organization. */
export async function requireQuoteOf(db: Db, quoteId: string, organizationId: string): Promise<void> {
  const row = await db
    .selectFrom('quotes')
    .select('organization_id')
    .where('id', '=', quoteId)
    .executeTakeFirst();
  if (!row) throw invalid('body.quoteId', 'no such quote');
  if (row.organization_id !== organizationId)
    throw invalid('body.quoteId', 'is a quote of another organization');
}

export const requireInvoiceDates = (issuedOn: string | null, dueOn: string | null) =>
  requireDateOrder(issuedOn, dueOn, 'body.dueOn', 'must not be before issuedOn');
