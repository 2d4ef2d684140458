import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { contractRecord, listContracts } from './repo.ts';
import { ContractCreate, ContractListQuery, ContractOut, ContractUpdate } from './schema.ts';
import { createContract, deleteContract, updateContract } from './service.ts';

const contractsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/contracts',
    tags: ['contracts'],
    noun: contractRecord.noun,
    out: ContractOut,
    list: { query: ContractListQuery, read: listContracts },
    get: (db, id) => readRecord(contractRecord, db, id),
    create: { body: ContractCreate, write: createContract },
    update: { body: ContractUpdate, write: updateContract },
    remove: { write: deleteContract },
  });
};

export default contractsRoutes;
