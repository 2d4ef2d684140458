import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availableViews } from '../../authz/tickets/condition.ts';
import { invalid } from '../../errors.ts';
import { collectionRoutes, listRoute } from '../portal-shared/routes.ts';
import { portal, tags } from './policy.ts';
import { requireContact } from '../../http/authenticate.ts';
import { COUNT_CAP, countTickets, findTicketDetail, listTickets } from './repo.ts';
import { searchPortalTickets } from './search-repo.ts';
import {
  PortalTicketCounts,
  PortalTicketCountsQuery,
  PortalTicketListQuery,
  PortalTicketSearchHit,
  PortalTicketSearchQuery,
  TicketDetail,
  TicketSummary,
} from './schema.ts';

const readRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/tickets/counts',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        description:
          `Open and closed tickets in each of the contact's views (those of GET /api/portal/me), with ` +
          `the list's requester and organization filters. Counted up to ${COUNT_CAP}: \`more\` means ` +
          'there are more.',
        querystring: PortalTicketCountsQuery,
        response: { 200: PortalTicketCounts },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      const filters = request.query;
      const items = [];
      for (const view of availableViews(actor)) {
        const open = await countTickets(app.db, actor, { view, status: 'open', ...filters });
        const closed = await countTickets(app.db, actor, { view, status: 'closed', ...filters });
        items.push({ view, open, closed });
      }
      return { items };
    },
  );
  listRoute(app, {
    url: '/api/portal/tickets/search',
    config: portal('tickets.view'),
    tags,
    description:
      "Full-text search over the tickets of one of the contact's views (subject, description and " +
      'public comments; never internal notes), best match first, with a highlighted snippet as text ' +
      'parts. `q` takes words, "a phrase" and -word; operators and quotes never fail. Up to 200 ' +
      'characters (longer: 422).',
    querystring: PortalTicketSearchQuery,
    item: PortalTicketSearchHit,
    list: (db, actor, { q, view, status, ...page }) => {
      if (!availableViews(actor).includes(view))
        throw invalid('querystring.view', 'is not one of your views');
      return searchPortalTickets(db, actor, { q, view, status }, page);
    },
  });
  collectionRoutes(app, {
    url: '/api/portal/tickets',
    config: portal('tickets.view'),
    tags,
    list: {
      description:
        'Tickets the contact may see, in the order of `sort` (newest activity first by default). ' +
        '`view` must be one of the views of GET /api/portal/me. The portal\'s "All open group ' +
        'cases" is `view=groups&status=open`. `requesterId` and `organizationId` narrow the ' +
        'view; one outside it lists nothing (the same answer as one without tickets).',
      querystring: PortalTicketListQuery,
      item: TicketSummary,
      list: (db, actor, { view, status, q, organizationId, requesterId, sort, ...page }) => {
        if (!availableViews(actor).includes(view))
          throw invalid('querystring.view', 'is not one of your views');
        return listTickets(db, actor, { view, status, q, organizationId, requesterId, sort }, page);
      },
    },
    read: { item: TicketDetail, entity: 'Ticket', find: findTicketDetail },
  });
};

export default readRoutes;
