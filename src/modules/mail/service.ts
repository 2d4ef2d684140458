import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';

/**
 * A failed message back to the queue, due now, with its attempts reset (the retry limit counts
 * afresh) and the same Message-ID. Only a failed one: a queued or sent message is a 409.
 */
export async function retryMail(ctx: ChangeContext, id: string): Promise<void> {
  const row = await ctx.trx
    .selectFrom('mail_messages')
    .select(['id', 'status', 'to_address', 'last_error'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Message');
  if (row.status !== 'failed')
    throw conflict(`Only a failed message can be retried; this one is ${row.status}.`);
  await ctx.trx
    .updateTable('mail_messages')
    .set({ status: 'queued', attempts: 0, next_attempt_at: sql`now()`, locked_until: null })
    .where('id', '=', id)
    .execute();
  await audit(ctx, {
    action: 'retry',
    entityType: 'mail_message',
    entityId: id,
    before: { status: 'failed', lastError: row.last_error },
    after: { status: 'queued' },
  });
}
