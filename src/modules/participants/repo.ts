import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { afterCursor, toPage, type Page, type PageQuery } from '../../http/pagination.ts';
import type { ParticipantOut } from './schema.ts';

/** The participants of one ticket as both audiences list them, by name (keyset on lower(name), id). */

export type ParticipantRow = {
  contact_id: string;
  contact_name: string;
  sort_name: string;
  organization_id: string;
  organization_name: string;
  added_by_contact_id: string | null;
  added_by_contact_name: string | null;
  added_by_staff_name: string | null;
  added_at: Date;
};

export async function participantRows(
  db: Db,
  ticketId: string,
  page: PageQuery,
  only?: string,
): Promise<Page<ParticipantRow>> {
  const after = page.cursor
    ? sql`and ${afterCursor([sql`lower(c.name)`, sql`c.id::text`], page.cursor, 'asc')}`
    : sql``;
  const one = only ? sql`and tp.contact_id = ${only}::uuid` : sql``;
  const { rows } = await sql<ParticipantRow>`
    select c.id as contact_id, c.name as contact_name, lower(c.name) as sort_name,
      o.id as organization_id, o.name as organization_name,
      tp.added_by_contact_id, ac.name as added_by_contact_name, s.name as added_by_staff_name, tp.added_at
    from ticket_participants tp join contacts c on c.id = tp.contact_id
    join organizations o on o.id = c.organization_id
    left join contacts ac on ac.id = tp.added_by_contact_id
    left join staff_users s on s.id = tp.added_by_staff_id
    where tp.ticket_id = ${ticketId}::uuid ${one} ${after}
    order by lower(c.name), c.id::text
    limit ${page.limit + 1}`.execute(db);
  return toPage(
    rows,
    page.limit,
    (r) => [r.sort_name, r.contact_id],
    (r) => r,
  );
}

export function toParticipant(r: ParticipantRow): ParticipantOut {
  const addedBy =
    r.added_by_contact_name !== null
      ? { type: 'contact' as const, name: r.added_by_contact_name }
      : r.added_by_staff_name !== null
        ? { type: 'staff' as const, name: r.added_by_staff_name }
        : null;
  return {
    contact: { id: r.contact_id, name: r.contact_name },
    organization: { id: r.organization_id, name: r.organization_name },
    addedBy,
    addedAt: r.added_at,
  };
}

/** One participant of the ticket, or undefined. */
export async function findParticipant(db: Db, ticketId: string, contactId: string) {
  const page = await participantRows(db, ticketId, { limit: 1 }, contactId);
  return page.items[0];
}

/** Contacts (alias c) matching the picker's text, a page by name; `allowed` is the caller's rule. */
export async function candidatePage(
  db: Db,
  ticket: { id: string; requester_id: string },
  allowed: Expression<SqlBool>,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const after = query.cursor
    ? sql`and ${afterCursor([sql`lower(c.name)`, sql`c.id::text`], query.cursor, 'asc')}`
    : sql``;
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  const text = like ? sql`and c.name ilike ${like}` : sql``;
  const { rows } = await sql<{
    id: string;
    name: string;
    sort_name: string;
    organization_id: string;
    organization_name: string;
  }>`
    select c.id, c.name, lower(c.name) as sort_name, o.id as organization_id, o.name as organization_name
    from contacts c join organizations o on o.id = c.organization_id
    where ${allowed} and c.id <> ${ticket.requester_id}::uuid
      and not exists (select 1 from ticket_participants tp where tp.ticket_id = ${ticket.id}::uuid and tp.contact_id = c.id)
      ${text} ${after}
    order by lower(c.name), c.id::text
    limit ${query.limit + 1}`.execute(db);
  return toPage(
    rows,
    query.limit,
    (r) => [r.sort_name, r.id],
    (r) => ({ id: r.id, name: r.name, organization: { id: r.organization_id, name: r.organization_name } }),
  );
}
