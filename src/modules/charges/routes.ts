import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { chargeRecord, findChargeInScope, listCharges } from './repo.ts';
import { ChargeCreate, ChargeListQuery, ChargeOut, ChargeUpdate } from './schema.ts';
import { createCharge, deleteCharge, updateCharge } from './service.ts';

const chargesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/charges',
    tags: ['charges'],
    noun: chargeRecord.noun,
    out: ChargeOut,
    list: { query: ChargeListQuery, read: listCharges },
    get: findChargeInScope,
    create: { body: ChargeCreate, write: createCharge },
    update: { body: ChargeUpdate, write: updateCharge },
    remove: { write: deleteCharge },
  });
};

export default chargesRoutes;
