import { sql, type SqlBool } from 'kysely';
import type { StaffActor } from '../../authz/actor.ts';
import type { Db } from '../../db/database.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { pageOf, type PageQuery } from '../../http/pagination.ts';
import { STAFF } from '../../http/route-policy.ts';
import type { App } from '../shared/record-routes.ts';
import { searchTickets } from '../shared/ticket-search.ts';
import {
  LIST_SQL_COLUMNS,
  LIST_SQL_JOINS,
  scopedQueue,
  toListItem,
  type SummaryRow,
  type TicketFilter,
} from './repo.ts';
import { StaffTicketSearchHit, StaffTicketSearchQuery } from './schema.ts';

/** The list's filters (repo.ts TicketFilter), with the words required. */
type StaffSearchFilter = TicketFilter & { q: string };

/**
 * The console's full-text search: subject, description, public comments and internal notes (a
 * snippet from a note says so: source `note`), within the staff user's ticket scope (§6b) and
 * queue, like the list: an agent finds nothing of a ticket outside its teams.
 */
export function searchStaffTickets(db: Db, actor: StaffActor, filter: StaffSearchFilter, page: PageQuery) {
  const conditions = [
    scopedQueue(actor, filter.queue, filter.slaWarningMinutes),
    ...(filter.teamId ? [sql<SqlBool>`t.team_id = ${filter.teamId}::uuid`] : []),
    ...(filter.assigneeId ? [sql<SqlBool>`t.assignee_id = ${filter.assigneeId}::uuid`] : []),
    ...(filter.status ? [sql<SqlBool>`t.status = ${filter.status}`] : []),
    ...(filter.priority ? [sql<SqlBool>`t.priority = ${filter.priority}`] : []),
    ...(filter.organizationId ? [sql<SqlBool>`t.organization_id = ${filter.organizationId}::uuid`] : []),
    ...(filter.requesterId ? [sql<SqlBool>`t.requester_id = ${filter.requesterId}::uuid`] : []),
  ];
  return searchTickets<SummaryRow, StaffTicketSearchHit>(
    db,
    {
      words: filter.q,
      audience: 'staff',
      where: sql<SqlBool>`(${sql.join(conditions, sql` and `)})`,
      columns: LIST_SQL_COLUMNS,
      joins: LIST_SQL_JOINS,
      page,
    },
    (row, rank, snippet) => ({ ...toListItem(row), rank, snippet }),
  );
}

export function searchRoute(app: App): void {
  app.get(
    '/api/staff/tickets/search',
    {
      config: STAFF,
      schema: {
        tags: ['tickets'],
        description:
          'Full-text search over subject, description, public comments and internal notes, best ' +
          'match first, with a highlighted snippet as text parts (`source` says where it is from). ' +
          '`q` takes words, "a phrase" and -word; operators and quotes never fail. Up to 200 ' +
          "characters (longer: 422). '#123' or '123' also finds ticket 123.",
        querystring: StaffTicketSearchQuery,
        response: { 200: pageOf(StaffTicketSearchHit) },
      },
    },
    async (request) => {
      const { q, queue, teamId, assigneeId, status, priority, organizationId, requesterId, ...page } =
        request.query;
      return searchStaffTickets(
        app.db,
        requireStaff(request),
        {
          q,
          queue,
          teamId,
          assigneeId,
          status,
          priority,
          organizationId,
          requesterId,
          slaWarningMinutes: app.config.slaWarningMinutes,
        },
        page,
      );
    },
  );
}
