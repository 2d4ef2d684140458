import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { findCharge, listCharges, toChargeOut } from './repo.ts';
import { ChargeCreate, ChargeListQuery, ChargeOut, ChargeUpdate } from './schema.ts';
import { createCharge, deleteCharge, updateCharge } from './service.ts';

const chargesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/charges',
    tags: ['charges'],
    noun: 'Charge',
    out: ChargeOut,
    list: {
      query: ChargeListQuery,
      read: (db, { ticketId, contractId, ...page }) => listCharges(db, { ticketId, contractId }, page),
    },
    get: async (db, id) => {
      const row = await findCharge(db, id);
      return row && toChargeOut(row);
    },
    create: { body: ChargeCreate, write: createCharge },
    update: { body: ChargeUpdate, write: updateCharge },
    remove: { write: deleteCharge },
  });
};

export default chargesRoutes;
