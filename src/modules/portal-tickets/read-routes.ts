import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availableViews } from '../../authz/tickets/condition.ts';
import { invalid } from '../../errors.ts';
import { collectionRoutes, listRoute } from '../portal-shared/routes.ts';
import { portal, tags } from './policy.ts';
import { findTicketDetail, listTickets } from './repo.ts';
import { searchPortalTickets } from './search-repo.ts';
import {
  PortalTicketListQuery,
  PortalTicketSearchHit,
  PortalTicketSearchQuery,
  TicketDetail,
  TicketSummary,
} from './schema.ts';

const readRoutes: FastifyPluginAsyncZod = async (app) => {
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
        'Tickets the contact may see, newest activity first. `view` must be one of the views of ' +
        'GET /api/portal/me. Web+Center\'s "Show All Open Group Cases" is `view=groups&status=open`.',
      querystring: PortalTicketListQuery,
      item: TicketSummary,
      list: (db, actor, { view, status, q, organizationId, ...page }) => {
        if (!availableViews(actor).includes(view))
          throw invalid('querystring.view', 'is not one of your views');
        return listTickets(db, actor, { view, status, q, organizationId }, page);
      },
    },
    read: { item: TicketDetail, entity: 'Ticket', find: findTicketDetail },
  });
};

export default readRoutes;
