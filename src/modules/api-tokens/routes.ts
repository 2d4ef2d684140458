import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { DISPLAY_PREFIX_LENGTH, findApiToken, listApiTokens, toApiTokenOut, TOKEN_PREFIX } from './repo.ts';
import { ApiTokenCreate, ApiTokenListQuery, ApiTokenOut, CreatedApiTokenOut } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['api-tokens'];

/** Personal API tokens: `Authorization: Bearer ptk_…` acts as the staff user who made it. */
const apiTokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/api-tokens',
    { config: STAFF, schema: { tags, body: ApiTokenCreate, response: { 201: CreatedApiTokenOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { name, expiresAt } = request.body;
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw invalid('body.expiresAt', 'must be in the future');
      const token = TOKEN_PREFIX + newToken();
      const row = await app.db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('api_tokens')
          .values({
            staff_user_id: staff.id,
            name,
            // Only the digest is kept; authentication hashes the whole bearer string the same way.
            token_hash: hashToken(token),
            token_prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
            expires_at: expiresAt ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'api_token', entityId: created.id, after: toApiTokenOut(created) },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send({
        id: row.id,
        name: row.name,
        prefix: row.token_prefix,
        token,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      });
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
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findApiToken(trx, request.params.id);
        // Someone else's token does not exist for an agent.
        if (!before || (before.staff_user_id !== staff.id && staff.role !== 'admin'))
          throw notFound('API token');
        if (before.revoked_at) return;
        const revoked = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: sql<Date>`now()` })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'revoke',
            entityType: 'api_token',
            entityId: before.id,
            before: toApiTokenOut(before),
            after: toApiTokenOut(revoked),
          },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default apiTokensRoutes;
