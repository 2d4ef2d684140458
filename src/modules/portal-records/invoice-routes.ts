import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { portalRoute } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { collectionRoutes } from '../portal-shared/routes.ts';
import { STATE_LABELS } from '../invoices/state.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { findPortalInvoice, listPortalInvoices } from './invoices-repo.ts';
import { PortalInvoice, PortalInvoiceDetail, PortalInvoiceListQuery } from './schema.ts';

const tags = ['portal records'];
const INVOICES = portalRoute('invoices', 'invoices.view');
const PROVIDER = 'Portico';

const invoiceRoutes: FastifyPluginAsyncZod = async (app) => {
  collectionRoutes(app, {
    url: '/api/portal/invoices',
    config: INVOICES,
    tags,
    list: {
      description:
        'Invoices of the contact’s record scope, newest first, by state (open, overdue, partially_paid, ' +
        'paid, void); drafts never.',
      querystring: PortalInvoiceListQuery,
      item: PortalInvoice,
      list: (db, actor, { status, ...page }) => listPortalInvoices(db, actor, status, page),
    },
    read: { item: PortalInvoiceDetail, entity: 'Invoice', find: findPortalInvoice },
  });

  // Generated on each request from the same visible read as the detail; an inert download.
  app.get(
    '/api/portal/invoices/:id/pdf',
    {
      config: INVOICES,
      schema: {
        tags,
        description: 'The invoice as a PDF document (download).',
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const invoice = await findPortalInvoice(app.db, requireContact(request), request.params.id);
      if (!invoice) throw notFound('Invoice');
      const pdf = invoicePdf({
        provider: PROVIDER,
        number: invoice.number,
        organization: invoice.organization.name,
        status: STATE_LABELS[invoice.status],
        issuedOn: invoice.issuedOn,
        dueOn: invoice.dueOn,
        lines: invoice.lines,
        totalCents: invoice.totalCents,
        paidCents: invoice.paidCents,
        balanceCents: invoice.balanceCents,
        currency: invoice.currency,
        notes: invoice.notes,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', String(pdf.length))
        .header('content-disposition', `attachment; filename="invoice-${invoice.number}.pdf"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
};

export default invoiceRoutes;
