import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAction, recordRoutes } from '../shared/record-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { invoiceRecord, listInvoices } from './repo.ts';
import { InvoiceCreate, InvoiceListQuery, InvoiceOut, InvoiceSummary, InvoiceUpdate } from './schema.ts';
import {
  createInvoice,
  deleteInvoice,
  invoiceQuote,
  moveInvoice,
  TRANSITIONS,
  updateInvoice,
} from './service.ts';

const path = '/api/staff/invoices';
const tags = ['invoices'];

const invoicesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: invoiceRecord.noun,
    out: InvoiceOut,
    list: { query: InvoiceListQuery, item: InvoiceSummary, read: listInvoices },
    get: (db, id) => readRecord(invoiceRecord, db, id),
    create: { body: InvoiceCreate, write: createInvoice },
    update: { body: InvoiceUpdate, write: updateInvoice },
    remove: { write: deleteInvoice },
  });
  for (const t of TRANSITIONS)
    recordAction(app, {
      path,
      name: t.action,
      tags,
      out: InvoiceOut,
      write: (ctx, id) => moveInvoice(ctx, id, t),
    });
  recordAction(app, {
    path: '/api/staff/quotes',
    name: 'invoice',
    tags: ['quotes', ...tags],
    out: InvoiceOut,
    status: 201,
    write: invoiceQuote,
  });
};

export default invoicesRoutes;
