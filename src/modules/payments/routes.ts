import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { findPayment, listPayments, toPaymentOut } from './repo.ts';
import { PaymentCreate, PaymentListQuery, PaymentOut } from './schema.ts';
import { createPayment, deletePayment } from './service.ts';

const paymentsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/payments',
    tags: ['payments'],
    noun: 'Payment',
    out: PaymentOut,
    list: {
      query: PaymentListQuery,
      read: (db, { organizationId, invoiceId, ...page }) =>
        listPayments(db, { organizationId, invoiceId }, page),
    },
    get: async (db, id) => {
      const row = await findPayment(db, id);
      return row && toPaymentOut(row);
    },
    create: { body: PaymentCreate, write: createPayment },
    // No edit route; deleting a payment is for admins.
    remove: { adminOnly: true, write: deletePayment },
  });
};

export default paymentsRoutes;
