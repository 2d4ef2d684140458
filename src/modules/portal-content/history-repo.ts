import { sql } from 'kysely';
import { can, type ContactActor } from '../../authz/actor.ts';
import type { PageQuery } from '../../http/pagination.ts';
import type { Db } from '../../db/database.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import { publicChildOfVisibleTicket } from '../portal-shared/ticket-children.ts';
import type { HistoryEntry, PortalActor } from './ticket-schema.ts';

/**
 * A ticket's history as RangerMSP's History tab shows it: the field changes and the public notes
 * (public comments), oldest first in one list. Both come from one UNION ALL with the rule of
 * ticket-children.ts in each branch; keyset on the UUIDv7 id, which both tables take from the
 * same generator, over the (ticket_id, id) indexes.
 */

/**
 * The fields whose changes a contact sees: the ones it sees on the ticket itself. Deny by
 * default: a field tracked later stays out until it is added here. requesterId is left out, as
 * an earlier requester may be someone the contact may not see.
 */
function visibleFields(actor: ContactActor): string[] {
  const fields = ['status', 'subject', 'description', 'private'];
  if (can(actor, 'tickets.priority.view')) fields.push('priority');
  if (can(actor, 'tickets.asset.view')) fields.push('assetId');
  return fields;
}

function changes(db: Db, actor: ContactActor, ticketId: string) {
  return db
    .selectFrom('ticket_events as e')
    .leftJoin('staff_users as s', 's.id', 'e.actor_staff_id')
    .leftJoin('contacts as c', 'c.id', 'e.actor_contact_id')
    .select([
      'e.id',
      sql<'change' | 'note'>`'change'`.as('kind'),
      sql<string | null>`e.field`.as('field'),
      'e.old_value',
      'e.new_value',
      sql<string | null>`null::text`.as('body'),
      'e.created_at',
      's.name as staff_name',
      'c.name as contact_name',
    ])
    .where(publicChildOfVisibleTicket(actor, 'ticket_events', 'e', ticketId))
    .where('e.field', 'in', visibleFields(actor));
}

function notes(db: Db, actor: ContactActor, ticketId: string) {
  return db
    .selectFrom('ticket_comments as m')
    .leftJoin('staff_users as s', 's.id', 'm.author_staff_id')
    .leftJoin('contacts as c', 'c.id', 'm.author_contact_id')
    .select([
      'm.id',
      sql<'change' | 'note'>`'note'`.as('kind'),
      sql<string | null>`null::text`.as('field'),
      sql<string | null>`null::text`.as('old_value'),
      sql<string | null>`null::text`.as('new_value'),
      sql<string | null>`m.body`.as('body'),
      'm.created_at',
      's.name as staff_name',
      'c.name as contact_name',
    ])
    .where(publicChildOfVisibleTicket(actor, 'ticket_comments', 'm', ticketId));
}

type Row = RowOf<typeof changes>;

const actorOf = (r: Row): PortalActor =>
  r.staff_name !== null
    ? { type: 'staff', name: r.staff_name }
    : r.contact_name !== null
      ? { type: 'contact', name: r.contact_name }
      : null;

function toEntry(r: Row): HistoryEntry {
  const common = { id: r.id, at: r.created_at, actor: actorOf(r) };
  if (r.kind === 'note') return { ...common, kind: 'note', body: r.body ?? '' };
  return { ...common, kind: 'change', field: r.field ?? '', oldValue: r.old_value, newValue: r.new_value };
}

export async function listTicketHistory(db: Db, actor: ContactActor, ticketId: string, page: PageQuery) {
  const query = db
    .selectFrom(
      changes(db, actor, ticketId)
        .unionAll(notes(db, actor, ticketId))
        .as('h'),
    )
    .selectAll();
  return pageById(query, 'h.id', 'asc', page, toEntry);
}
