import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { portal, tags } from './policy.ts';
import { PortalTicketCreate, PortalTicketUpdate, TicketDetail } from './schema.ts';
import { createPortalTicket, updatePortalTicket } from './ticket-write.ts';

const writeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/portal/tickets',
    {
      config: portal('tickets.create'),
      schema: {
        tags,
        description:
          'Opens a ticket as the signed-in contact, in its organization. `priority` needs ' +
          'tickets.priority.edit (and .view), `assetId` tickets.asset.edit and an asset the contact may see.',
        body: PortalTicketCreate,
        response: { 201: TicketDetail },
      },
    },
    async (request, reply) => {
      const ticket = await runContactChange(app, request, (trx, actor) =>
        createPortalTicket(trx, actor, request.body, request.ip),
      );
      return reply.status(201).send(ticket);
    },
  );

  app.patch(
    '/api/portal/tickets/:id',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        description:
          'Changes what the contact may change (see `abilities` of the ticket): 403 on a ticket it ' +
          'may only read, 422 naming each field it may not set; nothing changes on a refusal.',
        params: IdParams,
        body: PortalTicketUpdate,
        response: { 200: TicketDetail },
      },
    },
    async (request) =>
      runContactChange(app, request, (trx, actor) =>
        updatePortalTicket(trx, actor, request.params.id, request.body, request.ip),
      ),
  );
};

export default writeRoutes;
