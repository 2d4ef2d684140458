import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAction, recordRoutes } from '../shared/record-routes.ts';
import { findQuote, listQuotes, toQuoteOut } from './repo.ts';
import { QuoteCreate, QuoteListQuery, QuoteOut, QuoteSummary, QuoteUpdate } from './schema.ts';
import { createQuote, deleteQuote, sendQuote, updateQuote } from './service.ts';

const path = '/api/staff/quotes';
const tags = ['quotes'];

const quotesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: 'Quote',
    out: QuoteOut,
    list: {
      query: QuoteListQuery,
      item: QuoteSummary,
      read: (db, { organizationId, status, ...page }) => listQuotes(db, { organizationId, status }, page),
    },
    get: async (db, id) => {
      const row = await findQuote(db, id);
      return row && toQuoteOut(db, row);
    },
    create: { body: QuoteCreate, write: createQuote },
    update: { body: QuoteUpdate, write: updateQuote },
    remove: { write: deleteQuote },
  });
  recordAction(app, { path, name: 'send', tags, out: QuoteOut, write: sendQuote });
};

export default quotesRoutes;
