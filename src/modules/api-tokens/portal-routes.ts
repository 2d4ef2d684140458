import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { PORTAL } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { listPortalApiTokens } from './repo.ts';
import { CreatedPortalApiTokenOut, PortalApiTokenCreate, PortalApiTokenOut } from './schema.ts';
import { createPortalApiToken, PORTAL_TOKEN_LIMIT, revokePortalApiToken } from './portal-service.ts';

const tags = ['portal account'];

/**
 * A contact's personal API tokens: `Authorization: Bearer ptk_…` on the portal API reads what the
 * contact may read (GET only; any write 403) while the contact keeps portal access and
 * account.api_tokens. Listing and revoking need no privilege: a contact that lost it still sees
 * and revokes what it made.
 */
const portalApiTokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/portal/me/api-tokens',
    {
      config: { policy: { audience: 'portal', privilege: 'account.api_tokens', stepUp: true } },
      schema: {
        tags,
        description:
          'Needs account.api_tokens and step-up (403 step_up_required). A read-only token acting as the ' +
          `contact; expiresAt is required (at most a year ahead). At most ${PORTAL_TOKEN_LIMIT} working ` +
          'tokens (409 beyond). The only answer holding the token.',
        body: PortalApiTokenCreate,
        response: { 201: CreatedPortalApiTokenOut },
      },
    },
    async (request, reply) => {
      const created = await runContactChange(app, request, (trx, actor) =>
        createPortalApiToken(trx, actor, request.body, request.ip),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/portal/me/api-tokens',
    {
      config: PORTAL,
      schema: {
        tags,
        description: "The contact's own API tokens, newest first (revoked and expired ones too).",
        querystring: PageQuery,
        response: { 200: pageOf(PortalApiTokenOut) },
      },
    },
    async (request) => listPortalApiTokens(app.db, requireContact(request).id, request.query),
  );

  app.delete(
    '/api/portal/me/api-tokens/:id',
    {
      config: PORTAL,
      schema: {
        tags,
        description: "Revokes one of the contact's own tokens (404 for any other).",
        params: IdParams,
      },
    },
    async (request, reply) => {
      await runContactChange(app, request, (trx, actor) =>
        revokePortalApiToken(trx, actor, request.params.id, request.ip),
      );
      return reply.status(204).send();
    },
  );
};

export default portalApiTokensRoutes;
