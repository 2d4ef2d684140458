import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { notificationsFor } from './notifications/index.ts';
import { queueMails } from './outbox.ts';

/**
 * Turns one pending ticket event into its messages, in one transaction: the event is claimed
 * (SKIP LOCKED: another instance takes the next one), its recipients resolved now (§9), the
 * messages queued, the event marked processed. A crash before COMMIT leaves the event pending.
 * Returns false when no event was pending.
 */
export async function processNextTicketEvent(db: Kysely<DB>, config: Config): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('mail_ticket_events')
      .selectAll()
      .where('processed_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!event) return false;
    await queueMails(trx, config.publicUrl, await notificationsFor(trx, config, event));
    await trx
      .updateTable('mail_ticket_events')
      .set({ processed_at: new Date() })
      .where('id', '=', event.id)
      .execute();
    return true;
  });
}
