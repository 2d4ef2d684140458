import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can, type ContactActor } from '../../authz/actor.ts';
import type { Privilege } from '../../authz/privileges.ts';
import { requireContact } from '../../http/authenticate.ts';
import { forbidden, notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { listTicketHistory } from './history-repo.ts';
import type { Db } from '../../db/database.ts';
import { portalRoute as portal } from '../../http/route-policy.ts';
import { findVisibleTicket } from './ticket-children.ts';
import { findTicketAsset, listTicketEmails } from './ticket-records-repo.ts';
import { HistoryEntry, PortalEmailOut, PortalTicketAssetOut } from './ticket-schema.ts';

/**
 * Ticket sub-resources of module `tickets`. The routes declare tickets.view (as every portal ticket
 * route does) and check their own privilege after the ticket: a ticket the contact may not see is
 * 404 before a missing privilege is 403 (permission-model §7).
 */
const config = portal('tickets', 'tickets.view');
const tags = ['portal tickets'];

async function assertTicketThen(db: Db, actor: ContactActor, ticketId: string, privilege: Privilege) {
  if (!(await findVisibleTicket(db, actor, ticketId))) throw notFound('Ticket');
  if (!can(actor, privilege)) throw forbidden();
}

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/tickets/:id/history',
    {
      config,
      schema: {
        tags,
        description:
          'Needs tickets.history.view. Field changes (`kind: change`) and public notes (`kind: note`, ' +
          'the public comments) of the ticket, oldest first.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(HistoryEntry) },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      await assertTicketThen(app.db, actor, request.params.id, 'tickets.history.view');
      return listTicketHistory(app.db, actor, request.params.id, request.query);
    },
  );

  app.get(
    '/api/portal/tickets/:id/emails',
    {
      config,
      schema: {
        tags,
        description:
          'Needs tickets.emails.view. E-mails filed under the ticket that are marked public, oldest first.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(PortalEmailOut) },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      await assertTicketThen(app.db, actor, request.params.id, 'tickets.emails.view');
      return listTicketEmails(app.db, actor, request.params.id, request.query);
    },
  );

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
