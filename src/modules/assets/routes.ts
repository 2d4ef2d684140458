import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { requireContactOf, requireOrganization } from './org-records.ts';
import { assetColumns, findAsset, listAssets, toAssetOut } from './repo.ts';
import { AssetCreate, AssetListQuery, AssetOut, AssetUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['assets'];

const assetsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/assets',
    { config: STAFF, schema: { tags, querystring: AssetListQuery, response: { 200: pageOf(AssetOut) } } },
    async (request) => {
      const { organizationId, contactId, q, ...page } = request.query;
      return listAssets(app.db, { organizationId, contactId, q }, page);
    },
  );

  app.get(
    '/api/staff/assets/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: AssetOut } } },
    async (request) => {
      const row = await findAsset(app.db, request.params.id);
      if (!row) throw notFound('Asset');
      return toAssetOut(row);
    },
  );

  app.post(
    '/api/staff/assets',
    { config: STAFF, schema: { tags, body: AssetCreate, response: { 201: AssetOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        await requireOrganization(trx, body.organizationId);
        if (body.contactId) await requireContactOf(trx, body.contactId, body.organizationId);
        const created = await trx
          .insertInto('assets')
          .values({ ...assetColumns(body), organization_id: body.organizationId, name: body.name })
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toAssetOut(created);
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'asset', entityId: created.id, after },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toAssetOut(row));
    },
  );

  app.patch(
    '/api/staff/assets/:id',
    { config: STAFF, schema: { tags, params: IdParams, body: AssetUpdate, response: { 200: AssetOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        const before = await findAsset(trx, id, true);
        if (!before) throw notFound('Asset');
        if (body.organizationId !== undefined) await requireOrganization(trx, body.organizationId);
        const organizationId = body.organizationId ?? before.organization_id;
        const contactId = body.contactId !== undefined ? body.contactId : before.contact_id;
        // A move to another organization must bring a contact of that organization (or null).
        if (contactId && (body.contactId !== undefined || organizationId !== before.organization_id))
          await requireContactOf(trx, contactId, organizationId);
        const updated = await trx
          .updateTable('assets')
          .set({ ...assetColumns(body), updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'asset',
            entityId: id,
            before: toAssetOut(before),
            after: toAssetOut(updated),
          },
          request.ip,
        );
        return updated;
      });
      return toAssetOut(row);
    },
  );

  app.delete(
    '/api/staff/assets/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findAsset(trx, request.params.id, true);
        if (!before) throw notFound('Asset');
        // Tickets that name the asset keep their row (ON DELETE SET NULL).
        await trx.deleteFrom('assets').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'asset', entityId: before.id, before: toAssetOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default assetsRoutes;
