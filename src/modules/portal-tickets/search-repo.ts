import { sql, type SqlBool } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { ticketsInView, type TicketView } from '../../authz/tickets/condition.ts';
import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { searchTickets } from '../shared/ticket-search.ts';
import { SUMMARY_SQL_COLUMNS, SUMMARY_SQL_JOINS, toSummary, type SummaryRow } from './repo.ts';
import type { PortalTicketSearchHit } from './schema.ts';

export type TicketSearchFilter = { q: string; view: TicketView; status: 'open' | 'closed' | 'all' };

/**
 * Full-text search over the tickets of one of the contact's views (view `all`: visibleTickets),
 * AND-ed into the search's SQL like every list: a word that is only in tickets the contact may not
 * see finds nothing. Contacts search the public vector only (subject, description, public
 * comments): internal notes are never matched nor quoted.
 */
export function searchPortalTickets(
  db: Db,
  actor: ContactActor,
  filter: TicketSearchFilter,
  page: PageQuery,
) {
  const status =
    filter.status === 'open'
      ? sql<SqlBool>`t.status in ('open', 'pending')`
      : filter.status === 'closed'
        ? sql<SqlBool>`t.status = 'closed'`
        : sql<SqlBool>`true`;
  return searchTickets<SummaryRow, PortalTicketSearchHit>(
    db,
    {
      words: filter.q,
      audience: 'contact',
      where: sql<SqlBool>`(${ticketsInView(actor, filter.view, 't')} and ${status})`,
      columns: SUMMARY_SQL_COLUMNS,
      joins: SUMMARY_SQL_JOINS,
      page,
    },
    (row, rank, snippet) => ({ ...toSummary(actor, row), rank, snippet }),
  );
}
