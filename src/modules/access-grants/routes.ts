import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../http/errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { listAccessGrants, loadAccessGrant } from './repo.ts';
import { AccessGrantCreate, AccessGrantListQuery, AccessGrantOut, AccessGrantUpdate } from './schema.ts';
import { createAccessGrant, deleteAccessGrant, updateAccessGrant } from './service.ts';

const ADMIN = { policy: { audience: 'staff' as const, adminOnly: true } };
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
    { config: ADMIN, schema: { tags, body: AccessGrantCreate, response: { 201: AccessGrantOut } } },
    async (request, reply) => {
      const grant = await runChange(app, request, (ctx) => createAccessGrant(ctx, request.body));
      return reply.status(201).send(grant);
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
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteAccessGrant(ctx, request.params.id));
      return reply.status(204).send();
    },
  );
};

export default accessGrantsRoutes;
