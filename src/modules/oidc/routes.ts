import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN, ADMIN_STEP_UP, PUBLIC } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { notFound } from '../../errors.ts';
import { audit, runChange } from '../audit/change.ts';
import {
  auditedProvider,
  createProvider,
  listProviders,
  loadProvider,
  providersFor,
  updateProvider,
  wireProvider,
} from './providers.ts';
import {
  ButtonsOut,
  ButtonsQuery,
  ProviderCreate,
  ProviderListOut,
  ProviderOut,
  ProviderUpdate,
} from './schema.ts';
import { registerSignInFlow } from './flow.ts';

const BASE = '/api/staff/sign-in/oidc-providers';
const ENTITY = 'oidc_provider';

/**
 * OIDC providers: administrators configure them (changes are sign-in settings: step-up, audited,
 * the client secret written but never answered); the sign-in pages list their buttons; and the
 * sign-in flow itself (flow.ts).
 */
const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  const publicUrl = app.config.publicUrl;

  app.get(
    BASE,
    { config: ADMIN, schema: { tags: ['session'], response: { 200: ProviderListOut } } },
    async () => ({ items: (await listProviders(app.db)).map((p) => wireProvider(p, publicUrl)) }),
  );

  app.get(
    `${BASE}/:id`,
    { config: ADMIN, schema: { tags: ['session'], params: IdParams, response: { 200: ProviderOut } } },
    async (request) => {
      const row = await loadProvider(app.db, request.params.id);
      if (!row) throw notFound('Provider');
      return wireProvider(row, publicUrl);
    },
  );

  app.post(
    BASE,
    {
      config: ADMIN_STEP_UP,
      schema: { tags: ['session'], body: ProviderCreate, response: { 201: ProviderOut } },
    },
    async (request, reply) => {
      const row = await runChange(app, request, async (ctx) => {
        const created = await createProvider(ctx.trx, request.body);
        const entry = { action: 'oidc_provider_created', entityType: ENTITY, entityId: created.id };
        await audit(ctx, { ...entry, after: auditedProvider(created) });
        return created;
      });
      return reply.status(201).send(wireProvider(row, publicUrl));
    },
  );

  app.put(
    `${BASE}/:id`,
    {
      config: ADMIN_STEP_UP,
      schema: { tags: ['session'], params: IdParams, body: ProviderUpdate, response: { 200: ProviderOut } },
    },
    async (request) => {
      const row = await runChange(app, request, async (ctx) => {
        const { before, after } = await updateProvider(ctx.trx, request.params.id, request.body);
        await audit(ctx, {
          action: 'oidc_provider_changed',
          entityType: ENTITY,
          entityId: after.id,
          before: auditedProvider(before),
          after: { ...auditedProvider(after), clientSecretChanged: request.body.clientSecret !== undefined },
        });
        return after;
      });
      return wireProvider(row, publicUrl);
    },
  );

  // Deleting a provider ends its links (identities) and the marks on the memberships it gave;
  // the memberships themselves stay, as explicit ones.
  app.delete(
    `${BASE}/:id`,
    { config: ADMIN_STEP_UP, schema: { tags: ['session'], params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, async (ctx) => {
        const row = await ctx.trx
          .deleteFrom('oidc_providers')
          .where('id', '=', request.params.id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw notFound('Provider');
        const entry = { action: 'oidc_provider_deleted', entityType: ENTITY, entityId: row.id };
        await audit(ctx, { ...entry, before: auditedProvider(row) });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/oidc/providers',
    {
      config: PUBLIC,
      schema: { tags: ['session'], querystring: ButtonsQuery, response: { 200: ButtonsOut } },
    },
    async (request) => ({ items: await providersFor(app.db, request.query.audience) }),
  );

  registerSignInFlow(app);
};

export default oidcRoutes;
