import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import { requireContactOf, requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { priceLines, replaceLines } from './lines.ts';
import { lockDraftQuote, quoteRecord, toQuoteOut } from './repo.ts';
import type { QuoteCreate, QuoteOut, QuoteUpdate } from './schema.ts';

// Edits and deletes are for drafts only (lockDraftQuote: 409 otherwise).
const quotes = recordWrites({ ...quoteRecord, entityType: 'quote', lock: lockDraftQuote });

export async function createQuote(ctx: ChangeContext, body: QuoteCreate): Promise<QuoteOut> {
  const { lines, ...fields } = body;
  const priced = priceLines(lines);
  await requireOrganization(ctx.trx, fields.organizationId);
  if (fields.contactId) await requireContactOf(ctx.trx, fields.contactId, fields.organizationId);
  const created = await quoteRecord.insert(ctx.trx, { ...columnsOf(fields), total_cents: priced.totalCents });
  await replaceLines(ctx.trx, { kind: 'quote', id: created.id }, priced.rows);
  return quotes.created(ctx, created);
}

export function updateQuote(ctx: ChangeContext, id: string, body: QuoteUpdate): Promise<QuoteOut> {
  const { lines, ...fields } = body;
  const priced = lines && priceLines(lines);
  return quotes.update(ctx, id, async (before) => {
    if (fields.contactId) await requireContactOf(ctx.trx, fields.contactId, before.organization_id);
    if (priced) await replaceLines(ctx.trx, { kind: 'quote', id }, priced.rows);
    return quoteRecord.update(ctx.trx, id, {
      ...columnsOf(fields),
      ...(priced && { total_cents: priced.totalCents }),
      updated_at: sql<Date>`now()`,
    });
  });
}

export function deleteQuote(ctx: ChangeContext, id: string): Promise<void> {
  // Lines go with it (ON DELETE CASCADE); an invoice that named it keeps its row (SET NULL).
  return quotes.remove(ctx, id, (before) => quoteRecord.remove(ctx.trx, before.id));
}

export async function sendQuote(ctx: ChangeContext, id: string): Promise<QuoteOut> {
  // One conditional UPDATE: of two concurrent sends, exactly one finds the draft.
  const sent = await ctx.trx
    .updateTable('quotes')
    .set({ status: 'sent', sent_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  if (!sent) {
    const row = await quoteRecord.find(ctx.trx, id);
    if (!row) throw notFound('Quote');
    throw conflict(`Only a draft quote can be sent; this one is ${row.status}.`);
  }
  await quotes.log.changed(
    ctx,
    'send',
    id,
    { status: 'draft' },
    { status: sent.status, sentAt: sent.sent_at },
  );
  return toQuoteOut(sent, ctx.trx);
}
