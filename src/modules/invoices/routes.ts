import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAction, recordRoutes } from '../shared/record-routes.ts';
import { findInvoice, listInvoices, toInvoiceOut } from './repo.ts';
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
    noun: 'Invoice',
    out: InvoiceOut,
    list: {
      query: InvoiceListQuery,
      item: InvoiceSummary,
      read: (db, { organizationId, status, ...page }) => listInvoices(db, { organizationId, status }, page),
    },
    get: async (db, id) => {
      const row = await findInvoice(db, id);
      return row && toInvoiceOut(db, row);
    },
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
