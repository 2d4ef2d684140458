import type { Db } from '../db/database.ts';
import { queueTicketEvent, type TicketMailEvent } from './outbox.ts';

type FieldChange = { field: string; newValue: string | null };

/**
 * The mail events of a ticket's tracked field changes (permission model §9): a status or a
 * priority change notifies, the other fields do not. Shared by the staff and the portal writes.
 */
export async function queueFieldEvents(
  db: Db,
  ticketId: string,
  actor: TicketMailEvent['actor'],
  changes: readonly FieldChange[],
): Promise<void> {
  for (const change of changes) {
    const event =
      change.field === 'status' ? 'status_changed' : change.field === 'priority' ? 'priority_changed' : null;
    if (event && change.newValue !== null)
      await queueTicketEvent(db, { ticketId, event, detail: change.newValue, actor });
  }
}
