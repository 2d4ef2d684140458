import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { STAFF } from '../../http/route-policy.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { found, recordRoutes } from '../shared/record-routes.ts';
import {
  AccessLossOut,
  accessLostIfPrivate,
  ConfirmRequiredOut,
  LOSS_NAMES_SHOWN,
  PrivateConfirmRequired,
} from './private-change.ts';
import { listTicketEvents } from './event-repo.ts';
import { filedListRoute } from './filed-list-route.ts';
import { findTicketOut, listTickets } from './repo.ts';
import { searchRoute } from './search-route.ts';
import {
  TicketBulkAction,
  TicketBulkOut,
  TicketCreate,
  TicketEventOut,
  TicketListItem,
  TicketListQuery,
  TicketOut,
  TicketUpdate,
} from './schema.ts';
import { bulkUpdateTickets, createTicket, deleteTicket, updateTicket } from './service.ts';

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['tickets'];
  recordRoutes(app, {
    path: '/api/staff/tickets',
    tags,
    noun: 'Ticket',
    out: TicketOut,
    list: {
      query: TicketListQuery,
      item: TicketListItem,
      read: (
        db,
        { queue, teamId, assigneeId, status, priority, organizationId, requesterId, q, ...page },
        staff,
      ) =>
        listTickets(
          db,
          staff,
          {
            queue,
            teamId,
            assigneeId,
            status,
            priority,
            organizationId,
            requesterId,
            q,
            slaWarningMinutes: app.config.slaWarningMinutes,
          },
          page,
        ),
    },
    get: (db, id, staff) => findTicketOut(db, staff, id),
    create: { body: TicketCreate, write: createTicket },
    remove: { adminOnly: true, write: deleteTicket },
  });
  filedListRoute(app, 'events', TicketEventOut, listTicketEvents);
  searchRoute(app);

  app.patch(
    '/api/staff/tickets/:id',
    {
      config: STAFF,
      schema: {
        tags,
        description:
          'Changes the ticket. 409 `confirm_required` naming who would lose access when `private: true` ' +
          'takes it from contacts who see it now (resend with `confirm: true`); nothing changes on a refusal.',
        params: IdParams,
        body: TicketUpdate,
        response: { 200: TicketOut, 409: ConfirmRequiredOut },
      },
    },
    async (request, reply) => {
      try {
        return await runChange(app, request, (ctx) => updateTicket(ctx, request.params.id, request.body));
      } catch (error) {
        if (error instanceof PrivateConfirmRequired) return reply.status(409).send(error.body);
        throw error;
      }
    },
  );

  app.post(
    '/api/staff/tickets/bulk',
    {
      config: STAFF,
      schema: {
        tags,
        description:
          'Sets team, assignee, status or priority on every ticket of a selection, all or nothing: 404 ' +
          'when any ticket is not one the staff user may see, 422 when any change is refused; nothing ' +
          'changes on a refusal.',
        body: TicketBulkAction,
        response: { 200: TicketBulkOut },
      },
    },
    async (request) => {
      const { ids, set } = request.body;
      return { tickets: await runChange(app, request, (ctx) => bulkUpdateTickets(ctx, ids, set)) };
    },
  );

  // What the confirmation names, asked before saving (the console's "Private" control).
  app.get(
    '/api/staff/tickets/:id/private-preview',
    {
      config: STAFF,
      schema: {
        tags,
        description:
          'Who would lose access if the ticket were made private (names, the first ' +
          `${LOSS_NAMES_SHOWN}, and the full count); empty when it is private already. Nothing changes.`,
        params: IdParams,
        response: { 200: AccessLossOut },
      },
    },
    async (request) => {
      const ticket = found(await findTicketOut(app.db, requireStaff(request), request.params.id), 'Ticket');
      return ticket.private ? { count: 0, people: [] } : accessLostIfPrivate(app.db, ticket.id);
    },
  );
};

export default ticketRoutes;
