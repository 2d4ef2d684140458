import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { listPayments, paymentRecord } from './repo.ts';
import { PaymentCreate, PaymentListQuery, PaymentOut } from './schema.ts';
import { createPayment, deletePayment } from './service.ts';

const paymentsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/payments',
    tags: ['payments'],
    noun: paymentRecord.noun,
    out: PaymentOut,
    list: { query: PaymentListQuery, read: listPayments },
    get: (db, id) => readRecord(paymentRecord, db, id),
    create: { body: PaymentCreate, write: createPayment },
    // No edit route; deleting a payment is for admins.
    remove: { adminOnly: true, write: deletePayment },
  });
};

export default paymentsRoutes;
