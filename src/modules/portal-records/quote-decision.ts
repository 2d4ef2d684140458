import { sql, type SqlBool, type Transaction } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { findPortalQuote } from './quotes-repo.ts';
import type { PortalQuoteDetail } from './schema.ts';
import { visibleQuotes } from '../../authz/records/condition.ts';

export type Decision = 'accept' | 'decline';
const OUTCOME = { accept: 'accepted', decline: 'declined' } as const;

/**
 * A contact accepts or declines a sent quote: 404 when it may not see the quote, 403 when it may
 * see it without quotes.accept, 409 when the quote is not (or no longer) open for the decision.
 *
 * The decision is ONE conditional UPDATE whose WHERE holds the visibility, `status = 'sent'` and,
 * for an acceptance, the validity date: of two concurrent decisions the second waits for the
 * first's row lock, re-checks the WHERE against the committed row, matches nothing and gets 409.
 * Nothing comes from the client: the accepted amount is the stored total.
 */
export async function decideQuote(
  trx: Transaction<DB>,
  actor: ContactActor,
  id: string,
  decision: Decision,
  ip: string,
): Promise<PortalQuoteDetail> {
  if (!actor.privileges.has('quotes.accept')) {
    if (!(await findPortalQuote(trx, actor, id))) throw notFound('Quote');
    throw forbidden('You may not accept or decline quotes.');
  }
  const status = OUTCOME[decision];
  let update = trx
    .updateTable('quotes as q')
    .set({
      status,
      decided_at: sql<Date>`now()`,
      decided_by_contact_id: actor.id,
      updated_at: sql<Date>`now()`,
    })
    .where('q.id', '=', id)
    .where('q.status', '=', 'sent')
    .where(visibleQuotes(actor, 'q'));
  if (decision === 'accept')
    update = update.where(sql<SqlBool>`(q.valid_until is null or q.valid_until >= current_date)`);
  const decided = await update.returning(['q.total_cents', 'q.decided_at']).executeTakeFirst();

  if (!decided) {
    const current = await trx
      .selectFrom('quotes as q')
      .select(['q.status', 'q.valid_until'])
      .where('q.id', '=', id)
      .where(visibleQuotes(actor, 'q'))
      .executeTakeFirst();
    if (!current) throw notFound('Quote');
    if (current.status === 'sent')
      throw conflict(`The quote was valid until ${current.valid_until}; it can no longer be accepted.`);
    throw conflict(`Only a sent quote can be ${status}; this one is ${current.status}.`);
  }

  await recordAudit(
    trx,
    actor,
    {
      action: decision,
      entityType: 'quote',
      entityId: id,
      before: { status: 'sent' },
      after: {
        status,
        totalCents: decided.total_cents,
        decidedAt: decided.decided_at,
        decidedByContactId: actor.id,
      },
    },
    ip,
  );
  const out = await findPortalQuote(trx, actor, id);
  if (!out) throw notFound('Quote');
  return out;
}
