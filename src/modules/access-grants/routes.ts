import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { listAccessGrants, loadAccessGrant } from './repo.ts';
import { AccessGrantCreate, AccessGrantListQuery, AccessGrantOut, AccessGrantUpdate } from './schema.ts';
import { createAccessGrant, deleteAccessGrant, updateAccessGrant } from './service.ts';
import { ADMIN } from '../../http/route-policy.ts';

const tags = ['access-grants'];

const accessGrantsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/access-grants',
    {
      config: ADMIN,
      schema: { tags, querystring: AccessGrantListQuery, response: { 200: pageOf(AccessGrantOut) } },
    },
    async (request) => {
      const { contactId, userGroupId, ...page } = request.query;
      return listAccessGrants(app.db, { contactId, userGroupId }, page);
    },
  );

  app.get(
    '/api/staff/access-grants/:id',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: AccessGrantOut } } },
    async (request) => {
      const grant = await loadAccessGrant(app.db, request.params.id);
      if (!grant) throw notFound('Access grant');
      return grant;
    },
  );

  app.post(
    '/api/staff/access-grants',
    {
      config: ADMIN,
      schema: { tags, body: AccessGrantCreate, ...withDryRun.created(AccessGrantOut) },
    },
    async (request, reply) => {
      const save = (ctx: ChangeContext) => createAccessGrant(ctx, request.body);
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, { kind: 'add_grant', ...request.body });
      return reply.status(201).send(await runChange(app, request, save));
    },
  );

  app.patch(
    '/api/staff/access-grants/:id',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: AccessGrantUpdate, response: { 200: AccessGrantOut } },
    },
    async (request) =>
      runChange(app, request, (ctx) => updateAccessGrant(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/api/staff/access-grants/:id',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, ...withDryRun.noContent },
    },
    async (request, reply) => {
      const { id } = request.params;
      const save = (ctx: ChangeContext) => deleteAccessGrant(ctx, id);
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, { kind: 'remove_grant', grantId: id });
      await runChange(app, request, save);
      return reply.status(204).send(null);
    },
  );
};

export default accessGrantsRoutes;
