import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { forbidden } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { listApiTokens } from './repo.ts';
import { ApiTokenCreate, ApiTokenListQuery, ApiTokenOut, CreatedApiTokenOut } from './schema.ts';
import { createApiToken, revokeApiToken } from './service.ts';
import { STAFF, STAFF_STEP_UP } from '../../http/route-policy.ts';

const tags = ['api-tokens'];

/** Personal API tokens: `Authorization: Bearer ptk_…` acts as the staff user who made it. */
const apiTokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/api-tokens',
    { config: STAFF_STEP_UP, schema: { tags, body: ApiTokenCreate, response: { 201: CreatedApiTokenOut } } },
    async (request, reply) => {
      const created = await runChange(app, request, (ctx) => createApiToken(ctx, request.body));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/staff/api-tokens',
    {
      config: STAFF,
      schema: { tags, querystring: ApiTokenListQuery, response: { 200: pageOf(ApiTokenOut) } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { staffUserId, ...page } = request.query;
      const owner = staffUserId ?? staff.id;
      if (owner !== staff.id && staff.role !== 'admin')
        throw forbidden("Only administrators may list other people's API tokens.");
      return listApiTokens(app.db, owner, page);
    },
  );

  app.delete(
    '/api/staff/api-tokens/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => revokeApiToken(ctx, request.params.id));
      return reply.status(204).send();
    },
  );
};

export default apiTokensRoutes;
