import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Rows removed per statement, so a first clean-up of a large backlog never holds long locks. */
const PURGE_CHUNK = 5_000;

/**
 * Removes what the mail loop no longer needs after `days`: messages sent or failed, ticket events
 * handled, group e-mail batches expanded. Queued and sending messages are never touched. Ids are
 * time-ordered (uuid v7), so the oldest come first in each index. Returns the rows removed.
 */
export async function purgeOldMail(db: Db, days: number): Promise<number> {
  const cutoff = sql<Date>`now() - make_interval(days => ${days})`;
  let removed = 0;
  for (;;) {
    const old = db
      .selectFrom('mail_messages')
      .select('id')
      .where('status', 'in', ['sent', 'failed'])
      .where('created_at', '<', cutoff)
      .orderBy('status')
      .orderBy('id')
      .limit(PURGE_CHUNK);
    const result = await db.deleteFrom('mail_messages').where('id', 'in', old).executeTakeFirst();
    const count = Number(result.numDeletedRows);
    removed += count;
    if (count < PURGE_CHUNK) break;
  }
  const events = await db
    .deleteFrom('mail_ticket_events')
    .where('processed_at', '<', cutoff)
    .executeTakeFirst();
  const batches = await db.deleteFrom('mail_batches').where('expanded_at', '<', cutoff).executeTakeFirst();
  return removed + Number(events.numDeletedRows) + Number(batches.numDeletedRows);
}
