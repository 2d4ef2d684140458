import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { requireOrganization } from '../assets/org-records.ts';
import { recordAudit } from '../audit/record.ts';
import {
  contractColumns,
  findContract,
  hasCharges,
  listContracts,
  requireContractDates,
  toContractOut,
} from './repo.ts';
import { ContractCreate, ContractListQuery, ContractOut, ContractUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['contracts'];

const contractsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/contracts',
    {
      config: STAFF,
      schema: { tags, querystring: ContractListQuery, response: { 200: pageOf(ContractOut) } },
    },
    async (request) => {
      const { organizationId, status, ...page } = request.query;
      return listContracts(app.db, { organizationId, status }, page);
    },
  );

  app.get(
    '/api/staff/contracts/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: ContractOut } } },
    async (request) => {
      const row = await findContract(app.db, request.params.id);
      if (!row) throw notFound('Contract');
      return toContractOut(row);
    },
  );

  app.post(
    '/api/staff/contracts',
    { config: STAFF, schema: { tags, body: ContractCreate, response: { 201: ContractOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { organizationId, ...body } = request.body;
      requireContractDates(body.startsOn ?? null, body.endsOn ?? null);
      const row = await app.db.transaction().execute(async (trx) => {
        await requireOrganization(trx, organizationId);
        const created = await trx
          .insertInto('contracts')
          .values({ ...contractColumns(body), organization_id: organizationId, name: body.name })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'contract', entityId: created.id, after: toContractOut(created) },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toContractOut(row));
    },
  );

  app.patch(
    '/api/staff/contracts/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: ContractUpdate, response: { 200: ContractOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        const before = await findContract(trx, id, true);
        if (!before) throw notFound('Contract');
        requireContractDates(
          body.startsOn !== undefined ? body.startsOn : before.starts_on,
          body.endsOn !== undefined ? body.endsOn : before.ends_on,
        );
        const updated = await trx
          .updateTable('contracts')
          .set({ ...contractColumns(body), updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'contract',
            entityId: id,
            before: toContractOut(before),
            after: toContractOut(updated),
          },
          request.ip,
        );
        return updated;
      });
      return toContractOut(row);
    },
  );

  app.delete(
    '/api/staff/contracts/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        // The lock makes a concurrent new charge wait for this delete (and then fail its FK).
        const before = await findContract(trx, request.params.id, true);
        if (!before) throw notFound('Contract');
        // charges.contract_id is ON DELETE CASCADE: refuse rather than silently drop billing rows.
        if (await hasCharges(trx, before.id)) throw conflict('The contract has charges; delete them first.');
        await trx.deleteFrom('contracts').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'contract', entityId: before.id, before: toContractOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default contractsRoutes;
