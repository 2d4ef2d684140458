import { sql, type Expression, type SqlBool } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { visibleTickets } from '../../authz/tickets/condition.ts';
import type { Db } from '../../db/database.ts';

/**
 * The one rule for records filed under a ticket (permission-model §6): "public notes, e-mails,
 * attachments and history of a ticket follow the ticket; internal notes and internal attachments
 * are never visible to contacts, by any path". Every portal read of such records ANDs
 * publicChildOfVisibleTicket into its SQL; nothing is filtered in JavaScript.
 */

export type TicketChildTable = 'ticket_comments' | 'ticket_emails' | 'ticket_events';

// Comments and e-mails carry a public flag and only public ones reach contacts. Field changes
// have no flag: they follow the ticket alone (which fields a contact sees is the caller's part).
const HAS_PUBLIC_FLAG: Record<TicketChildTable, boolean> = {
  ticket_comments: true,
  ticket_emails: true,
  ticket_events: false,
};

/** Records of `table` (row alias `alias`) filed under ticket `ticketId`, when the contact may see them. */
export function publicChildOfVisibleTicket(
  actor: ContactActor,
  table: TicketChildTable,
  alias: string,
  ticketId: string,
): Expression<SqlBool> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const followsTicket = sql<SqlBool>`(${ref('ticket_id')} = ${ticketId}::uuid and exists (
    select 1 from tickets pt where pt.id = ${ref('ticket_id')} and ${visibleTickets(actor, 'pt')}))`;
  return HAS_PUBLIC_FLAG[table] ? sql<SqlBool>`(${ref('public')} and ${followsTicket})` : followsTicket;
}

/**
 * The ticket, when the contact may see it: the check every ticket sub-resource makes first, so
 * a ticket outside the contact's view is 404 before a missing privilege is 403.
 */
export function findVisibleTicket(db: Db, actor: ContactActor, id: string) {
  return db
    .selectFrom('tickets as t')
    .select(['t.id', 't.asset_id'])
    .where('t.id', '=', id)
    .where(visibleTickets(actor, 't'))
    .executeTakeFirst();
}
