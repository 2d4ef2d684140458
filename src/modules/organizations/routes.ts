import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { recordAudit } from '../audit/record.ts';
import {
  findOrganization,
  isInSubtree,
  listOrganizations,
  lockOrganizationTree,
  toOrganizationOut,
} from './repo.ts';
import { OrganizationCreate, OrganizationListQuery, OrganizationOut, OrganizationUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['organizations'];

const organizationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/organizations',
    {
      config: STAFF,
      schema: { tags, querystring: OrganizationListQuery, response: { 200: pageOf(OrganizationOut) } },
    },
    async (request) => {
      const { q, parentId, roots, ...page } = request.query;
      return listOrganizations(app.db, { q, parentId, roots: roots === 'true' }, page);
    },
  );

  app.get(
    '/api/staff/organizations/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: OrganizationOut } } },
    async (request) => {
      const row = await findOrganization(app.db, request.params.id);
      if (!row) throw notFound('Organization');
      return toOrganizationOut(row);
    },
  );

  app.post(
    '/api/staff/organizations',
    { config: STAFF, schema: { tags, body: OrganizationCreate, response: { 201: OrganizationOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { name, parentId } = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        if (parentId && !(await findOrganization(trx, parentId)))
          throw invalid('body.parentId', 'no such organization');
        const created = await trx
          .insertInto('organizations')
          .values({ name, parent_id: parentId ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'create',
            entityType: 'organization',
            entityId: created.id,
            after: toOrganizationOut(created),
          },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toOrganizationOut(row));
    },
  );

  app.patch(
    '/api/staff/organizations/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: OrganizationUpdate, ...withDryRun.ok(OrganizationOut) },
    },
    async (request) => {
      const { id } = request.params;
      const { name, parentId } = request.body;
      const save = async ({ trx, staff, ip }: ChangeContext) => {
        if (parentId !== undefined) await lockOrganizationTree(trx);
        const before = await findOrganization(trx, id);
        if (!before) throw notFound('Organization');
        if (parentId) {
          if (!(await findOrganization(trx, parentId)))
            throw invalid('body.parentId', 'no such organization');
          if (await isInSubtree(trx, id, parentId))
            throw invalid(
              'body.parentId',
              'an organization cannot be placed under itself or one of its descendants',
            );
        }
        const updated = await trx
          .updateTable('organizations')
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(parentId !== undefined ? { parent_id: parentId } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'organization',
            entityId: id,
            before: toOrganizationOut(before),
            after: toOrganizationOut(updated),
          },
          ip,
        );
        return updated;
      };
      if (isDryRun(request.query))
        // A new parent is `move_organization`; a new name changes no access (a preview with nothing
        // counted). Agents may move organizations, so they may dry-run it too.
        return dryRunSave(
          app,
          request,
          save,
          parentId === undefined ? null : { kind: 'move_organization', organizationId: id, parentId },
        );
      return toOrganizationOut(await runChange(app, request, save));
    },
  );

  app.delete(
    '/api/staff/organizations/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findOrganization(trx, request.params.id);
        if (!before) throw notFound('Organization');
        // Sub-organizations, contacts, tickets and records refer to it with ON DELETE RESTRICT: 409.
        await trx.deleteFrom('organizations').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          {
            action: 'delete',
            entityType: 'organization',
            entityId: before.id,
            before: toOrganizationOut(before),
          },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default organizationsRoutes;
