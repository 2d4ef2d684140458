import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import { findContract, listContracts, toContractOut } from './repo.ts';
import { ContractCreate, ContractListQuery, ContractOut, ContractUpdate } from './schema.ts';
import { createContract, deleteContract, updateContract } from './service.ts';

const contractsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/contracts',
    tags: ['contracts'],
    noun: 'Contract',
    out: ContractOut,
    list: {
      query: ContractListQuery,
      read: (db, { organizationId, status, ...page }) => listContracts(db, { organizationId, status }, page),
    },
    get: async (db, id) => {
      const row = await findContract(db, id);
      return row && toContractOut(row);
    },
    create: { body: ContractCreate, write: createContract },
    update: { body: ContractUpdate, write: updateContract },
    remove: { write: deleteContract },
  });
};

export default contractsRoutes;
