import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { runChange } from '../audit/change.ts';
import { IdParams } from '../../http/schema-types.ts';
import { STAFF } from '../../http/route-policy.ts';
import { filedListRoute } from './filed-list-route.ts';
import { listTicketEmails } from './records-repo.ts';
import { PublicFlag, TicketEmailCreate, TicketEmailOut } from './records-schema.ts';
import { addTicketEmail, setTicketEmailPublic } from './records-service.ts';

const tags = ['tickets'];

/** Records of mails filed under a ticket; contacts will only ever see those marked public. */
const emailRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'emails', TicketEmailOut, listTicketEmails);

  app.post(
    '/api/staff/tickets/:id/emails',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: TicketEmailCreate, response: { 201: TicketEmailOut } },
    },
    async (request, reply) => {
      const email = await runChange(app, request, (ctx) =>
        addTicketEmail(ctx, request.params.id, request.body),
      );
      return reply.status(201).send(email);
    },
  );

  app.patch(
    '/api/staff/ticket-emails/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: PublicFlag, response: { 200: TicketEmailOut } },
    },
    async (request) =>
      runChange(app, request, (ctx) => setTicketEmailPublic(ctx, request.params.id, request.body.public)),
  );
};

export default emailRoutes;
