import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { STAFF } from '../../http/route-policy.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { IdParams } from '../../http/schema-types.ts';
import type { App } from '../shared/record-routes.ts';
import { ticketExists } from './repo.ts';

/**
 * GET /api/staff/tickets/:id/<name>: one page of what is filed under a ticket (its events,
 * comments, attachments or e-mails); 404 when there is no such ticket.
 */
export function filedListRoute(
  app: App,
  name: string,
  item: z.ZodType,
  read: (
    db: Db,
    ticketId: string,
    page: PageQuery,
  ) => Promise<{ items: unknown[]; nextCursor: string | null }>,
): void {
  app.get(
    `/api/staff/tickets/:id/${name}`,
    {
      config: STAFF,
      schema: {
        tags: ['tickets'],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(item) },
      },
    },
    async (request) => {
      if (!(await ticketExists(app.db, requireStaff(request), request.params.id))) throw notFound('Ticket');
      return read(app.db, request.params.id, request.query);
    },
  );
}
