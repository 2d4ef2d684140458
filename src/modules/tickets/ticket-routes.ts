import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
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

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/tickets',
    tags: ['tickets'],
    noun: 'Ticket',
    out: TicketOut,
    list: {
      query: TicketListQuery,
      item: TicketListItem,
      read: (db, { status, priority, organizationId, requesterId, q, ...page }) =>
        listTickets(db, { status, priority, organizationId, requesterId, q }, page),
    },
    get: findTicketOut,
    create: { body: TicketCreate, write: createTicket },
    update: { body: TicketUpdate, write: updateTicket },
    remove: { adminOnly: true, write: deleteTicket },
  });
  filedListRoute(app, 'events', TicketEventOut, listTicketEvents);
};

export default ticketRoutes;
