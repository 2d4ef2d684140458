import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can } from '../../authz/actor.ts';
import { requireContact } from '../../http/authenticate.ts';
import { forbidden, notFound } from '../../errors.ts';
import { portalRoute } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { ticketListRoute } from '../portal-shared/routes.ts';
import { listTicketHistory } from './history-repo.ts';
import { findTicketAsset, listTicketEmails } from './ticket-records-repo.ts';
import { HistoryEntry, PortalEmailOut, PortalTicketAssetOut } from './ticket-schema.ts';

/**
 * Ticket sub-resources of module `tickets`. The routes declare tickets.view (as every portal ticket
 * route does) and check their own privilege after the ticket: a ticket the contact may not see is
 * 404 before a missing privilege is 403 (permission-model §7).
 */
const config = portalRoute('tickets', 'tickets.view');
const tags = ['portal tickets'];

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  ticketListRoute(app, {
    url: '/api/portal/tickets/:id/history',
    config,
    tags,
    description:
      'Needs tickets.history.view. Field changes (`kind: change`) and public notes (`kind: note`, ' +
      'the public comments) of the ticket, oldest first.',
    item: HistoryEntry,
    requires: { privilege: 'tickets.history.view' },
    list: listTicketHistory,
  });

  ticketListRoute(app, {
    url: '/api/portal/tickets/:id/emails',
    config,
    tags,
    description:
      'Needs tickets.emails.view. E-mails filed under the ticket that are marked public, oldest first.',
    item: PortalEmailOut,
    requires: { privilege: 'tickets.emails.view' },
    list: listTicketEmails,
  });

  app.get(
    '/api/portal/tickets/:id/asset',
    {
      config,
      schema: {
        tags,
        description:
          'Needs tickets.asset.view. The asset linked to the ticket (404 when none); `configNotes` only ' +
          'with assets.config_notes.view for an asset the contact may also see under assets.',
        params: IdParams,
        response: { 200: PortalTicketAssetOut },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      const found = await findTicketAsset(app.db, actor, request.params.id);
      if (!found) throw notFound('Ticket');
      if (!can(actor, 'tickets.asset.view')) throw forbidden();
      if (!found.asset) throw notFound('Asset');
      return found.asset;
    },
  );
};

export default ticketRoutes;
