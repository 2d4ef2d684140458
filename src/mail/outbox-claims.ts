import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MailMessagesTable } from '../db/schema.ts';

/** A claimed row: what the worker needs to send it. */
export type ClaimedMail = Pick<
  Selectable<MailMessagesTable>,
  'id' | 'message_id' | 'to_address' | 'subject' | 'text_body' | 'html_body' | 'headers' | 'attempts'
>;

/** Rows whose worker died mid-send (lease over) are due again; their attempt still counts. */
export async function releaseExpiredClaims(db: Db): Promise<number> {
  const result = await db
    .updateTable('mail_messages')
    .set({ status: 'queued', locked_until: null, next_attempt_at: sql`now()` })
    .where('status', '=', 'sending')
    .where('locked_until', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Claims up to `limit` due messages for `leaseSeconds`: one statement, FOR UPDATE SKIP LOCKED,
 * so two workers (instances) never claim the same row. The attempt is counted here, before the
 * send, so a crash during the send still counts it.
 */
export async function claimDueMails(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedMail[]> {
  const due = db
    .selectFrom('mail_messages')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable('mail_messages')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      locked_until: sql`now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where('id', 'in', due)
    .returning(['id', 'message_id', 'to_address', 'subject', 'text_body', 'html_body', 'headers', 'attempts'])
    .execute();
}

export async function markSent(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_messages')
    .set({ status: 'sent', sent_at: sql`now()`, locked_until: null, last_error: null })
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .execute();
}

/** Back to the queue after `delaySeconds`; `refund` gives back the attempt (server unreachable). */
export async function requeue(
  db: Db,
  ids: string[],
  delaySeconds: number,
  lastError: string | null,
  refund: boolean,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_messages')
    .set({
      status: 'queued',
      locked_until: null,
      next_attempt_at: sql`now() + make_interval(secs => ${delaySeconds})`,
      ...(refund ? { attempts: sql`greatest(attempts - 1, 0)` } : {}),
      ...(lastError === null ? {} : { last_error: lastError }),
    })
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .execute();
}

export async function markFailed(db: Db, id: string, reason: string): Promise<void> {
  await db
    .updateTable('mail_messages')
    .set({ status: 'failed', locked_until: null, last_error: reason })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
