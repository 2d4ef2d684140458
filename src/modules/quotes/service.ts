import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import { requireContactOf, requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { priceLines, replaceLines } from './lines.ts';
import { findQuote, lockDraftQuote, toQuoteOut } from './repo.ts';
import type { QuoteCreate, QuoteOut, QuoteUpdate } from './schema.ts';

const log = auditOf('quote');

export async function createQuote(ctx: ChangeContext, body: QuoteCreate): Promise<QuoteOut> {
  const { organizationId, contactId, title, validUntil, lines } = body;
  const priced = priceLines(lines);
  await requireOrganization(ctx.trx, organizationId);
  if (contactId) await requireContactOf(ctx.trx, contactId, organizationId);
  const created = await ctx.trx
    .insertInto('quotes')
    .values({
      organization_id: organizationId,
      contact_id: contactId ?? null,
      title,
      valid_until: validUntil ?? null,
      total_cents: priced.totalCents,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceLines(ctx.trx, { kind: 'quote', id: created.id }, priced.rows);
  const after = await toQuoteOut(ctx.trx, created);
  await log.created(ctx, after);
  return after;
}

export async function updateQuote(ctx: ChangeContext, id: string, body: QuoteUpdate): Promise<QuoteOut> {
  const { contactId, title, validUntil, lines } = body;
  const priced = lines ? priceLines(lines) : undefined;
  const before = await lockDraftQuote(ctx.trx, id);
  if (contactId) await requireContactOf(ctx.trx, contactId, before.organization_id);
  const beforeOut = await toQuoteOut(ctx.trx, before);
  if (priced) await replaceLines(ctx.trx, { kind: 'quote', id }, priced.rows);
  const updated = await ctx.trx
    .updateTable('quotes')
    .set({
      ...(contactId !== undefined ? { contact_id: contactId } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(validUntil !== undefined ? { valid_until: validUntil } : {}),
      ...(priced ? { total_cents: priced.totalCents } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = await toQuoteOut(ctx.trx, updated);
  await log.updated(ctx, id, beforeOut, after);
  return after;
}

export async function deleteQuote(ctx: ChangeContext, id: string): Promise<void> {
  const before = await toQuoteOut(ctx.trx, await lockDraftQuote(ctx.trx, id));
  // Lines go with it (ON DELETE CASCADE); an invoice that named it keeps its row (SET NULL).
  await ctx.trx.deleteFrom('quotes').where('id', '=', before.id).execute();
  await log.deleted(ctx, before);
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
    const row = await findQuote(ctx.trx, id);
    if (!row) throw notFound('Quote');
    throw conflict(`Only a draft quote can be sent; this one is ${row.status}.`);
  }
  await log.changed(ctx, 'send', id, { status: 'draft' }, { status: sent.status, sentAt: sent.sent_at });
  return toQuoteOut(ctx.trx, sent);
}
