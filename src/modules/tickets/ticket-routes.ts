import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { runChange } from '../audit/change.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { listTicketEvents } from './event-repo.ts';
import { filedListRoute } from './filed-list-route.ts';
import { findTicketOut, listTickets } from './repo.ts';
import {
  TicketCreate,
  TicketEventOut,
  TicketListItem,
  TicketListQuery,
  TicketOut,
  TicketUpdate,
} from './schema.ts';
import { createTicket, deleteTicket, updateTicket } from './service.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['tickets'];

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/tickets',
    {
      config: STAFF,
      schema: { tags, querystring: TicketListQuery, response: { 200: pageOf(TicketListItem) } },
    },
    async (request) => {
      const { status, priority, organizationId, requesterId, q, ...page } = request.query;
      return listTickets(app.db, { status, priority, organizationId, requesterId, q }, page);
    },
  );

  app.get(
    '/api/staff/tickets/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: TicketOut } } },
    async (request) => {
      const ticket = await findTicketOut(app.db, request.params.id);
      if (!ticket) throw notFound('Ticket');
      return ticket;
    },
  );

  app.post(
    '/api/staff/tickets',
    { config: STAFF, schema: { tags, body: TicketCreate, response: { 201: TicketOut } } },
    async (request, reply) => {
      const created = await runChange(app, request, (ctx) => createTicket(ctx, request.body));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/staff/tickets/:id',
    { config: STAFF, schema: { tags, params: IdParams, body: TicketUpdate, response: { 200: TicketOut } } },
    async (request) => {
      return runChange(app, request, (ctx) => updateTicket(ctx, request.params.id, request.body));
    },
  );

  app.delete(
    '/api/staff/tickets/:id',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteTicket(ctx, request.params.id));
      return reply.status(204).send();
    },
  );

  filedListRoute(app, 'events', TicketEventOut, listTicketEvents);
};

export default ticketRoutes;
