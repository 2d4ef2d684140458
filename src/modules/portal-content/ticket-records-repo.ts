import { sql } from 'kysely';
import { can, type ContactActor } from '../../authz/actor.ts';
import { visibleAssets } from '../../authz/records/condition.ts';
import { visibleTickets } from '../../authz/tickets/condition.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { staffByName } from './email-addresses.ts';
import type { Db } from '../../db/database.ts';
import { pageById } from '../shared/page-by-id.ts';
import { publicChildOfVisibleTicket } from '../portal-shared/ticket-children.ts';
import type { PortalEmailOut, PortalTicketAssetOut } from './ticket-schema.ts';

/** Public e-mails filed under a visible ticket, oldest first, keyset on id over ticket_emails_ticket_idx. */
export async function listTicketEmails(db: Db, actor: ContactActor, ticketId: string, page: PageQuery) {
  const query = db
    .selectFrom('ticket_emails as x')
    .select([
      'x.id',
      'x.from_address',
      'x.to_address',
      'x.subject',
      'x.body',
      'x.sent_at',
      // The staff users whose address appears in the headers, to show them by name only.
      sql<Array<{ email: string; name: string }>>`(
        select coalesce(json_agg(json_build_object('email', lower(s.email), 'name', s.name)), '[]'::json)
        from staff_users s
        where strpos(lower(x.from_address || ',' || x.to_address), lower(s.email)) > 0)`.as('staff'),
    ])
    .where(publicChildOfVisibleTicket(actor, 'ticket_emails', 'x', ticketId));
  return pageById(query, 'x.id', 'asc', page, (r): PortalEmailOut => {
    const staff = new Map(r.staff.map((s) => [s.email, s.name]));
    return {
      id: r.id,
      from: staffByName(r.from_address, staff),
      to: staffByName(r.to_address, staff),
      subject: r.subject,
      body: r.body,
      sentAt: r.sent_at,
    };
  });
}

/**
 * The asset linked to a visible ticket; undefined when the ticket is not visible, `asset: null`
 * when none is linked. Configuration notes are selected only with assets.config_notes.view and
 * only for an asset that visibleAssets also lets the contact see (RangerMSP: "if they are allowed
 * to see their account Assets"); the decision is made in the same SQL.
 */
export async function findTicketAsset(
  db: Db,
  actor: ContactActor,
  ticketId: string,
): Promise<{ asset: PortalTicketAssetOut | null } | undefined> {
  const notes = can(actor, 'assets.config_notes.view')
    ? sql<string | null>`case when ${visibleAssets(actor, 'a')} then a.config_notes end`
    : sql<string | null>`null::text`;
  const row = await db
    .selectFrom('tickets as t')
    .leftJoin('assets as a', 'a.id', 't.asset_id')
    .select(['a.id', 'a.name', 'a.asset_type', 'a.serial_number', notes.as('config_notes')])
    .where('t.id', '=', ticketId)
    .where(visibleTickets(actor, 't'))
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.id === null || row.name === null) return { asset: null };
  return {
    asset: {
      id: row.id,
      name: row.name,
      assetType: row.asset_type ?? '',
      serialNumber: row.serial_number ?? '',
      ...(row.config_notes !== null ? { configNotes: row.config_notes } : {}),
    },
  };
}
