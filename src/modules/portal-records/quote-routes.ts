import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { portalRoute as portal } from '../../http/route-policy.ts';
import { decideQuote, type Decision } from './quote-decision.ts';
import { findPortalQuote, listPortalQuotes } from './quotes-repo.ts';
import { NoFields, PortalQuote, PortalQuoteDetail, PortalQuoteListQuery } from './schema.ts';

const tags = ['portal records'];
const QUOTES = portal('quotes', 'quotes.view');

const quoteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/quotes',
    {
      config: QUOTES,
      schema: {
        tags,
        description: 'Sent and decided quotes of the contact’s record scope, newest first; drafts never.',
        querystring: PortalQuoteListQuery,
        response: { 200: pageOf(PortalQuote) },
      },
    },
    async (request) => {
      const { status, ...page } = request.query;
      return listPortalQuotes(app.db, requireContact(request), status, page);
    },
  );

  app.get(
    '/api/portal/quotes/:id',
    { config: QUOTES, schema: { tags, params: IdParams, response: { 200: PortalQuoteDetail } } },
    async (request) => {
      const quote = await findPortalQuote(app.db, requireContact(request), request.params.id);
      if (!quote) throw notFound('Quote');
      return quote;
    },
  );

  const decisions: Array<{ decision: Decision; description: string }> = [
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
  for (const { decision, description } of decisions) {
    app.post(
      `/api/portal/quotes/:id/${decision}`,
      {
        // quotes.accept is checked after visibility, so a quote the contact may not see stays 404.
        config: QUOTES,
        schema: { tags, description, params: IdParams, body: NoFields, response: { 200: PortalQuoteDetail } },
      },
      async (request) => {
        const actor = requireContact(request);
        return app.db
          .transaction()
          .execute((trx) => decideQuote(trx, actor, request.params.id, decision, request.ip));
      },
    );
  }
};

export default quoteRoutes;
