import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { filedCreateRoute, publicFlagRoute } from './filed-change-routes.ts';
import { filedListRoute } from './filed-list-route.ts';
import { listTicketEmails } from './records-repo.ts';
import { TicketEmailCreate, TicketEmailOut } from './records-schema.ts';
import { addTicketEmail, setTicketEmailPublic } from './records-service.ts';

/** Records of mails filed under a ticket; contacts will only ever see those marked public. */
const emailRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'emails', TicketEmailOut, listTicketEmails);
  filedCreateRoute(app, 'emails', TicketEmailCreate, TicketEmailOut, addTicketEmail);
  publicFlagRoute(app, '/api/staff/ticket-emails', TicketEmailOut, setTicketEmailPublic);
};

export default emailRoutes;
