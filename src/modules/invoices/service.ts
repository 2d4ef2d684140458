import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { copyQuoteLines, priceLines, replaceLines } from '../quotes/lines.ts';
import { findQuote } from '../quotes/repo.ts';
import { auditOf } from '../shared/audit-of.ts';
import {
  findInvoice,
  findInvoiceOut,
  lockDraftInvoice,
  requireInvoiceDates,
  requireQuoteOf,
} from './repo.ts';
import type { InvoiceCreate, InvoiceOut, InvoiceUpdate } from './schema.ts';

const log = auditOf('invoice');

export async function createInvoice(ctx: ChangeContext, body: InvoiceCreate): Promise<InvoiceOut> {
  const { organizationId, quoteId, notes, issuedOn, dueOn, lines } = body;
  requireInvoiceDates(issuedOn ?? null, dueOn ?? null);
  const priced = priceLines(lines);
  await requireOrganization(ctx.trx, organizationId);
  if (quoteId) await requireQuoteOf(ctx.trx, quoteId, organizationId);
  const created = await ctx.trx
    .insertInto('invoices')
    .values({
      organization_id: organizationId,
      quote_id: quoteId ?? null,
      issued_on: issuedOn ?? null,
      due_on: dueOn ?? null,
      total_cents: priced.totalCents,
      ...(notes !== undefined ? { notes } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceLines(ctx.trx, { kind: 'invoice', id: created.id }, priced.rows);
  const after = await findInvoiceOut(ctx.trx, created.id);
  await log.created(ctx, after);
  return after;
}

export async function updateInvoice(
  ctx: ChangeContext,
  id: string,
  body: InvoiceUpdate,
): Promise<InvoiceOut> {
  const { quoteId, notes, issuedOn, dueOn, lines } = body;
  const priced = lines ? priceLines(lines) : undefined;
  const before = await lockDraftInvoice(ctx.trx, id);
  requireInvoiceDates(
    issuedOn !== undefined ? issuedOn : before.issuedOn,
    dueOn !== undefined ? dueOn : before.dueOn,
  );
  if (quoteId) await requireQuoteOf(ctx.trx, quoteId, before.organizationId);
  if (priced) await replaceLines(ctx.trx, { kind: 'invoice', id }, priced.rows);
  await ctx.trx
    .updateTable('invoices')
    .set({
      ...(quoteId !== undefined ? { quote_id: quoteId } : {}),
      ...(notes !== undefined ? { notes } : {}),
      ...(issuedOn !== undefined ? { issued_on: issuedOn } : {}),
      ...(dueOn !== undefined ? { due_on: dueOn } : {}),
      ...(priced ? { total_cents: priced.totalCents } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  const after = await findInvoiceOut(ctx.trx, id);
  await log.updated(ctx, id, before, after);
  return after;
}

export async function deleteInvoice(ctx: ChangeContext, id: string): Promise<void> {
  const before = await lockDraftInvoice(ctx.trx, id);
  // Lines go with it (ON DELETE CASCADE); a draft has no payments (they need an issued invoice).
  await ctx.trx.deleteFrom('invoices').where('id', '=', before.id).execute();
  await log.deleted(ctx, before);
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
    throw conflict(`Only a ${t.from} invoice can be ${t.to}; this one is ${row.status}.`);
  }
  const after = await findInvoiceOut(ctx.trx, id);
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
  const quote = await findQuote(ctx.trx, quoteId, true);
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
  const after = await findInvoiceOut(ctx.trx, created.id);
  await log.changed(ctx, 'create_from_quote', created.id, undefined, after);
  return after;
}
