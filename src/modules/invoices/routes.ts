import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { requireOrganization } from '../assets/org-records.ts';
import { recordAudit } from '../audit/record.ts';
import { priceLines, replaceLines } from '../quotes/lines.ts';
import invoiceActionsRoutes from './actions.ts';
import {
  findInvoice,
  findInvoiceOut,
  listInvoices,
  lockDraftInvoice,
  requireInvoiceDates,
  requireQuoteOf,
  toInvoiceOut,
} from './repo.ts';
import { InvoiceCreate, InvoiceListQuery, InvoiceOut, InvoiceSummary, InvoiceUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['invoices'];

const invoicesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/invoices',
    {
      config: STAFF,
      schema: { tags, querystring: InvoiceListQuery, response: { 200: pageOf(InvoiceSummary) } },
    },
    async (request) => {
      const { organizationId, status, ...page } = request.query;
      return listInvoices(app.db, { organizationId, status }, page);
    },
  );

  app.get(
    '/api/staff/invoices/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: InvoiceOut } } },
    async (request) => {
      const row = await findInvoice(app.db, request.params.id);
      if (!row) throw notFound('Invoice');
      return toInvoiceOut(app.db, row);
    },
  );

  app.post(
    '/api/staff/invoices',
    { config: STAFF, schema: { tags, body: InvoiceCreate, response: { 201: InvoiceOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { organizationId, quoteId, notes, issuedOn, dueOn, lines } = request.body;
      requireInvoiceDates(issuedOn ?? null, dueOn ?? null);
      const priced = priceLines(lines);
      const out = await app.db.transaction().execute(async (trx) => {
        await requireOrganization(trx, organizationId);
        if (quoteId) await requireQuoteOf(trx, quoteId, organizationId);
        const created = await trx
          .insertInto('invoices')
          .values({
            organization_id: organizationId,
            quote_id: quoteId ?? null,
            issued_on: issuedOn ?? null,
            due_on: dueOn ?? null,
            total_cents: priced.totalCents,
            ...(notes !== undefined ? { notes } : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await replaceLines(trx, { kind: 'invoice', id: created.id }, priced.rows);
        const after = await findInvoiceOut(trx, created.id);
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'invoice', entityId: created.id, after },
          request.ip,
        );
        return after;
      });
      return reply.status(201).send(out);
    },
  );

  app.patch(
    '/api/staff/invoices/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: InvoiceUpdate, response: { 200: InvoiceOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const { quoteId, notes, issuedOn, dueOn, lines } = request.body;
      const priced = lines ? priceLines(lines) : undefined;
      return app.db.transaction().execute(async (trx) => {
        const before = await lockDraftInvoice(trx, id);
        requireInvoiceDates(
          issuedOn !== undefined ? issuedOn : before.issuedOn,
          dueOn !== undefined ? dueOn : before.dueOn,
        );
        if (quoteId) await requireQuoteOf(trx, quoteId, before.organizationId);
        if (priced) await replaceLines(trx, { kind: 'invoice', id }, priced.rows);
        await trx
          .updateTable('invoices')
          .set({
            ...(quoteId !== undefined ? { quote_id: quoteId } : {}),
            ...(notes !== undefined ? { notes } : {}),
            ...(issuedOn !== undefined ? { issued_on: issuedOn } : {}),
            ...(dueOn !== undefined ? { due_on: dueOn } : {}),
            ...(priced ? { total_cents: priced.totalCents } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .execute();
        const after = await findInvoiceOut(trx, id);
        await recordAudit(
          trx,
          staff,
          { action: 'update', entityType: 'invoice', entityId: id, before, after },
          request.ip,
        );
        return after;
      });
    },
  );

  app.delete(
    '/api/staff/invoices/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await lockDraftInvoice(trx, request.params.id);
        // Lines go with it (ON DELETE CASCADE); a draft has no payments (they need an issued invoice).
        await trx.deleteFrom('invoices').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'invoice', entityId: before.id, before },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );

  await app.register(invoiceActionsRoutes);
};

export default invoicesRoutes;
