import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { findOrganization, listOrganizations, toOrganizationOut } from './repo.ts';
import { OrganizationCreate, OrganizationListQuery, OrganizationOut, OrganizationUpdate } from './schema.ts';
import { createOrganization, deleteOrganization, updateOrganization } from './service.ts';

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
      const organization = await runChange(app, request, (ctx) => createOrganization(ctx, request.body));
      return reply.status(201).send(organization);
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
      const { parentId } = request.body;
      const save = (ctx: ChangeContext) => updateOrganization(ctx, id, request.body);
      if (!isDryRun(request.query)) return runChange(app, request, save);
      // A new parent is `move_organization`; a new name changes no access (a preview with nothing
      // counted). Agents may move organizations, so they may dry-run it too.
      const change =
        parentId === undefined ? null : { kind: 'move_organization' as const, organizationId: id, parentId };
      return dryRunSave(app, request, save, change);
    },
  );

  app.delete(
    '/api/staff/organizations/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteOrganization(ctx, request.params.id));
      return reply.status(204).send();
    },
  );
};

export default organizationsRoutes;
