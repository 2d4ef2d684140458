import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { MailTicketEventsTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import type { OutgoingMail } from '../outbox.ts';

export type QueuedTicketEvent = Selectable<MailTicketEventsTable>;

/**
 * The messages one ticket event sends, resolved now (at send time) through the SQL scope of the
 * permission model (§9). The worker queues them and marks the event processed in one transaction.
 */
export async function notificationsFor(
  _db: Db,
  _config: Config,
  _event: QueuedTicketEvent,
): Promise<OutgoingMail[]> {
  return [];
}
