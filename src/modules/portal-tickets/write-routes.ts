import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../http/schema-types.ts';
import { requireContact } from '../../http/authenticate.ts';
import { runContactChange } from '../portal-shared/change.ts';
import {
  AccessLossOut,
  ConfirmRequiredOut,
  LOSS_NAMES_SHOWN,
  PrivateConfirmRequired,
} from '../tickets/private-change.ts';
import { portal, tags } from './policy.ts';
import { PortalTicketCreate, PortalTicketUpdate, TicketDetail } from './schema.ts';
import { createPortalTicket, previewPrivate, updatePortalTicket } from './ticket-write.ts';

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
          'may only read, 422 naming each field it may not set, 409 `confirm_required` naming who ' +
          'would lose access when `private: true` takes it from others (resend with `confirm: true`); ' +
          'nothing changes on a refusal.',
        params: IdParams,
        body: PortalTicketUpdate,
        response: { 200: TicketDetail, 409: ConfirmRequiredOut },
      },
    },
    async (request, reply) => {
      try {
        return await runContactChange(app, request, (trx, actor) =>
          updatePortalTicket(trx, actor, request.params.id, request.body, request.ip),
        );
      } catch (error) {
        if (error instanceof PrivateConfirmRequired) return reply.status(409).send(error.body);
        throw error;
      }
    },
  );

  // The confirmation before making a ticket private: who would lose access (the requester only).
  app.get(
    '/api/portal/tickets/:id/private-preview',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        description:
          'Who would lose access if the ticket were made private (names, the first ' +
          `${LOSS_NAMES_SHOWN}, and the full count). Only the requester may ask; nothing changes.`,
        params: IdParams,
        response: { 200: AccessLossOut },
      },
    },
    async (request) => previewPrivate(app.db, requireContact(request), request.params.id),
  );
};

export default writeRoutes;
