import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { portalRoute } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { collectionRoutes } from '../portal-shared/routes.ts';
import { decideQuote, type Decision } from './quote-decision.ts';
import { findPortalQuote, listPortalQuotes } from './quotes-repo.ts';
import { NoFields, PortalQuote, PortalQuoteDetail, PortalQuoteListQuery } from './schema.ts';

const tags = ['portal records'];
const QUOTES = portalRoute('quotes', 'quotes.view');

const DECISIONS: Array<{ decision: Decision; description: string }> = [
  {
    decision: 'accept',
    description:
      'Accepts a sent quote at its stored total (needs quotes.accept; the quote must not be past ' +
      'validUntil). No body fields. 404 when not visible, 403 without quotes.accept, 409 when not sent.',
  },
  {
    decision: 'decline',
    description:
      'Declines a sent quote (needs quotes.accept). No body fields. 404 when not visible, 403 without ' +
      'quotes.accept, 409 when not sent.',
  },
];

const quoteRoutes: FastifyPluginAsyncZod = async (app) => {
  collectionRoutes(app, {
    url: '/api/portal/quotes',
    config: QUOTES,
    tags,
    list: {
      description: 'Sent and decided quotes of the contact’s record scope, newest first; drafts never.',
      querystring: PortalQuoteListQuery,
      item: PortalQuote,
      list: (db, actor, { status, ...page }) => listPortalQuotes(db, actor, status, page),
    },
    read: { item: PortalQuoteDetail, entity: 'Quote', find: findPortalQuote },
  });

  for (const { decision, description } of DECISIONS) {
    app.post(
      `/api/portal/quotes/:id/${decision}`,
      {
        // quotes.accept is checked after visibility, so a quote the contact may not see stays 404.
        config: QUOTES,
        schema: { tags, description, params: IdParams, body: NoFields, response: { 200: PortalQuoteDetail } },
      },
      async (request) =>
        runContactChange(app, request, (trx, actor) =>
          decideQuote(trx, actor, request.params.id, decision, request.ip),
        ),
    );
  }
};

export default quoteRoutes;
