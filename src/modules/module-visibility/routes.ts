import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runChange } from '../audit/change.ts';
import { loadModuleVisibility } from './repo.ts';
import { ModuleParams, ModuleVisibilityOut, ModuleVisibilityUpdate } from './schema.ts';
import { setModuleVisibility } from './service.ts';

const ADMIN = { policy: { audience: 'staff' as const, adminOnly: true } };
const tags = ['module-visibility'];

const moduleVisibilityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/modules',
    { config: ADMIN, schema: { tags, response: { 200: z.object({ items: z.array(ModuleVisibilityOut) }) } } },
    async () => ({ items: await loadModuleVisibility(app.db) }),
  );

  app.put(
    '/api/staff/modules/:module',
    {
      config: ADMIN,
      schema: {
        tags,
        params: ModuleParams,
        body: ModuleVisibilityUpdate,
        response: { 200: ModuleVisibilityOut },
      },
    },
    async (request) =>
      runChange(app, request, (ctx) =>
        setModuleVisibility(ctx, request.params.module, request.body.allowedGroupIds),
      ),
  );
};

export default moduleVisibilityRoutes;
