import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById } from '../shared/page-by-id.ts';
import { personRef } from './people.ts';
import type { TicketEventOut } from './schema.ts';

export type FieldChange = { field: string; oldValue: string | null; newValue: string | null };

export async function recordTicketEvents(
  trx: Transaction<DB>,
  ticketId: string,
  staffId: string,
  changes: FieldChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await trx
    .insertInto('ticket_events')
    .values(
      changes.map((c) => ({
        ticket_id: ticketId,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
        actor_staff_id: staffId,
      })),
    )
    .execute();
}

/** Oldest first, keyset on id (UUIDv7: creation order), over ticket_events_ticket_idx. */
export async function listTicketEvents(db: Kysely<DB>, ticketId: string, page: PageQuery) {
  const query = db
    .selectFrom('ticket_events as e')
    .leftJoin('staff_users as s', 's.id', 'e.actor_staff_id')
    .leftJoin('contacts as c', 'c.id', 'e.actor_contact_id')
    .leftJoin('staff_users as a', 'a.id', 'e.acting_staff_id')
    .select([
      'e.id',
      'e.field',
      'e.old_value',
      'e.new_value',
      'e.created_at',
      'e.actor_staff_id',
      's.name as staff_name',
      'e.actor_contact_id',
      'c.name as contact_name',
      'e.acting_staff_id',
      'a.name as acting_staff_name',
    ])
    .where('e.ticket_id', '=', ticketId);
  return pageById(query, 'e.id', 'asc', page, (r): TicketEventOut => ({
    id: r.id,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    actor: personRef(r.actor_staff_id, r.staff_name, r.actor_contact_id, r.contact_name, r),
    createdAt: r.created_at,
  }));
}
