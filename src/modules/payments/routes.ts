import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { requireOrganization } from '../assets/org-records.ts';
import { recordAudit } from '../audit/record.ts';
import {
  findPayment,
  listPayments,
  lockInvoice,
  lockInvoiceForPayment,
  markPaidIfCovered,
  reopenIfUncovered,
  toPaymentOut,
} from './repo.ts';
import { PaymentCreate, PaymentListQuery, PaymentOut } from './schema.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['payments'];

const paymentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/payments',
    {
      config: STAFF,
      schema: { tags, querystring: PaymentListQuery, response: { 200: pageOf(PaymentOut) } },
    },
    async (request) => {
      const { organizationId, invoiceId, ...page } = request.query;
      return listPayments(app.db, { organizationId, invoiceId }, page);
    },
  );

  app.get(
    '/api/staff/payments/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: PaymentOut } } },
    async (request) => {
      const row = await findPayment(app.db, request.params.id);
      if (!row) throw notFound('Payment');
      return toPaymentOut(row);
    },
  );

  app.post(
    '/api/staff/payments',
    { config: STAFF, schema: { tags, body: PaymentCreate, response: { 201: PaymentOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { organizationId, invoiceId, amountCents, method, reference, receivedOn } = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        await requireOrganization(trx, organizationId);
        if (invoiceId) await lockInvoiceForPayment(trx, invoiceId, organizationId);
        const created = await trx
          .insertInto('payments')
          .values({
            organization_id: organizationId,
            invoice_id: invoiceId ?? null,
            amount_cents: amountCents,
            ...(method !== undefined ? { method } : {}),
            ...(reference !== undefined ? { reference } : {}),
            ...(receivedOn !== undefined ? { received_on: receivedOn } : {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'payment', entityId: created.id, after: toPaymentOut(created) },
          request.ip,
        );
        if (invoiceId && (await markPaidIfCovered(trx, invoiceId)))
          await recordAudit(
            trx,
            staff,
            {
              action: 'mark_paid',
              entityType: 'invoice',
              entityId: invoiceId,
              before: { status: 'issued' },
              after: { status: 'paid', paymentId: created.id },
            },
            request.ip,
          );
        return created;
      });
      return reply.status(201).send(toPaymentOut(row));
    },
  );

  app.delete(
    '/api/staff/payments/:id',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      await app.db.transaction().execute(async (trx) => {
        const found = await findPayment(trx, id);
        if (!found) throw notFound('Payment');
        if (found.invoice_id) await lockInvoice(trx, found.invoice_id);
        // Under the invoice's lock: a concurrent delete of the same payment finds nothing here.
        const before = await trx
          .deleteFrom('payments')
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!before) throw notFound('Payment');
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'payment', entityId: id, before: toPaymentOut(before) },
          request.ip,
        );
        if (before.invoice_id && (await reopenIfUncovered(trx, before.invoice_id)))
          await recordAudit(
            trx,
            staff,
            {
              action: 'mark_unpaid',
              entityType: 'invoice',
              entityId: before.invoice_id,
              before: { status: 'paid' },
              after: { status: 'issued', deletedPaymentId: id },
            },
            request.ip,
          );
      });
      return reply.status(204).send();
    },
  );
};

export default paymentsRoutes;
