import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availableViews } from '../../authz/tickets/condition.ts';
import { requireContact } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { portal, tags } from './policy.ts';
import { findTicketDetail, listTickets } from './repo.ts';
import { PortalTicketListQuery, TicketDetail, TicketSummary } from './schema.ts';

const readRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/tickets',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        description:
          'Tickets the contact may see, newest activity first. `view` must be one of the views of ' +
          'GET /api/portal/me. Web+Center\'s "Show All Open Group Cases" is `view=groups&status=open`.',
        querystring: PortalTicketListQuery,
        response: { 200: pageOf(TicketSummary) },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      const { view, status, q, organizationId, ...page } = request.query;
      if (!availableViews(actor).includes(view))
        throw invalid('querystring.view', 'is not one of your views');
      return listTickets(app.db, actor, { view, status, q, organizationId }, page);
    },
  );

  app.get(
    '/api/portal/tickets/:id',
    {
      config: portal('tickets.view'),
      schema: { tags, params: IdParams, response: { 200: TicketDetail } },
    },
    async (request) => {
      const ticket = await findTicketDetail(app.db, requireContact(request), request.params.id);
      if (!ticket) throw notFound('Ticket');
      return ticket;
    },
  );
};

export default readRoutes;
