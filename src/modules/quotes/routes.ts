import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAction, recordRoutes } from '../shared/record-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { quoteRecord, listQuotes } from './repo.ts';
import { QuoteCreate, QuoteListQuery, QuoteOut, QuoteSummary, QuoteUpdate } from './schema.ts';
import { createQuote, deleteQuote, sendQuote, updateQuote } from './service.ts';

const path = '/api/staff/quotes';
const tags = ['quotes'];

const quotesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: quoteRecord.noun,
    out: QuoteOut,
    list: { query: QuoteListQuery, item: QuoteSummary, read: listQuotes },
    get: (db, id) => readRecord(quoteRecord, db, id),
    create: { body: QuoteCreate, write: createQuote },
    update: { body: QuoteUpdate, write: updateQuote },
    remove: { write: deleteQuote },
  });
  recordAction(app, { path, name: 'send', tags, out: QuoteOut, write: sendQuote });
};

export default quotesRoutes;
