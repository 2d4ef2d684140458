import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { copyQuoteLines, priceLines, replaceLines } from '../quotes/lines.ts';
import { quoteRecord } from '../quotes/repo.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import {
  findInvoice,
  invoiceRecord,
  invoiceRow,
  lockDraftInvoice,
  requireInvoiceDates,
  requireQuoteOf,
  toInvoiceOut,
} from './repo.ts';
import type { InvoiceCreate, InvoiceOut, InvoiceUpdate } from './schema.ts';

// Edits and deletes are for drafts only (lockDraftInvoice: 409 otherwise).
const invoices = recordWrites({ ...invoiceRecord, entityType: 'invoice', lock: lockDraftInvoice });
const log = invoices.log;

/** The invoice as answered, read again inside the write's transaction. */
const invoiceOut = async (ctx: ChangeContext, id: string) =>
  toInvoiceOut(await invoiceRow(ctx.trx, id), ctx.trx);

export async function createInvoice(ctx: ChangeContext, body: InvoiceCreate): Promise<InvoiceOut> {
  const { lines, ...fields } = body;
  requireInvoiceDates(fields.issuedOn ?? null, fields.dueOn ?? null);
  const priced = priceLines(lines);
  await requireOrganization(ctx.trx, fields.organizationId);
  if (fields.quoteId) await requireQuoteOf(ctx.trx, fields.quoteId, fields.organizationId);
  const { id } = await ctx.trx
    .insertInto('invoices')
    .values({ ...columnsOf(fields), total_cents: priced.totalCents })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceLines(ctx.trx, { kind: 'invoice', id }, priced.rows);
  return invoices.created(ctx, await invoiceRow(ctx.trx, id));
}

export function updateInvoice(ctx: ChangeContext, id: string, body: InvoiceUpdate): Promise<InvoiceOut> {
  const { lines, ...fields } = body;
  const priced = lines && priceLines(lines);
  return invoices.update(ctx, id, async (before) => {
    requireInvoiceDates(
      fields.issuedOn !== undefined ? fields.issuedOn : before.issued_on,
      fields.dueOn !== undefined ? fields.dueOn : before.due_on,
    );
    if (fields.quoteId) await requireQuoteOf(ctx.trx, fields.quoteId, before.organization_id);
    if (priced) await replaceLines(ctx.trx, { kind: 'invoice', id }, priced.rows);
    await ctx.trx
      .updateTable('invoices')
      .set({
        ...columnsOf(fields),
        ...(priced && { total_cents: priced.totalCents }),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
    return invoiceRow(ctx.trx, id);
  });
}

export function deleteInvoice(ctx: ChangeContext, id: string): Promise<void> {
  // Lines go with it (ON DELETE CASCADE); a draft has no payments (they need an issued invoice).
  return invoices.remove(ctx, id, async (before) => {
    await ctx.trx.deleteFrom('invoices').where('id', '=', before.id).execute();
  });
}

export type Transition = { from: 'draft' | 'issued'; to: 'issued' | 'void'; action: 'issue' | 'void' };

export const TRANSITIONS: Transition[] = [
  { from: 'draft', to: 'issued', action: 'issue' },
  { from: 'issued', to: 'void', action: 'void' },
];

/**
 * One conditional UPDATE: the status moves only from the expected one, so of two concurrent
 * requests (or a payment completing the invoice meanwhile) exactly one wins; the other gets 409.
 */
export async function moveInvoice(ctx: ChangeContext, id: string, t: Transition): Promise<InvoiceOut> {
  const moved = await ctx.trx
    .updateTable('invoices')
    .set({
      status: t.to,
      ...(t.to === 'issued' ? { issued_on: sql<string>`coalesce(issued_on, current_date)` } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', t.from)
    .returning('id')
    .executeTakeFirst();
  if (!moved) {
    const row = await findInvoice(ctx.trx, id);
    if (!row) throw notFound('Invoice');
    throw conflict(`Only a ${t.from} invoice can be ${t.to}; this one is ${row.state}.`);
  }
  const after = await invoiceOut(ctx, id);
  await log.changed(
    ctx,
    t.action,
    id,
    { status: t.from },
    { status: after.status, issuedOn: after.issuedOn },
  );
  return after;
}

/** Invoices an accepted quote: its lines and total, once (a void invoice does not count). */
export async function invoiceQuote(ctx: ChangeContext, quoteId: string): Promise<InvoiceOut> {
  // The lock queues concurrent requests for the same quote, so only one invoice comes out.
  const quote = await quoteRecord.find(ctx.trx, quoteId, true);
  if (!quote) throw notFound('Quote');
  if (quote.status !== 'accepted')
    throw conflict(`Only an accepted quote can be invoiced; this one is ${quote.status}.`);
  const existing = await ctx.trx
    .selectFrom('invoices')
    .select('number')
    .where('quote_id', '=', quoteId)
    .where('status', '<>', 'void')
    .executeTakeFirst();
  if (existing) throw conflict(`The quote is already invoiced (invoice ${existing.number}).`);
  const created = await ctx.trx
    .insertInto('invoices')
    .values({ organization_id: quote.organization_id, quote_id: quoteId, total_cents: quote.total_cents })
    .returning('id')
    .executeTakeFirstOrThrow();
  await copyQuoteLines(ctx.trx, quoteId, created.id);
  const after = await invoiceOut(ctx, created.id);
  await log.changed(ctx, 'create_from_quote', created.id, undefined, after);
  return after;
}
