import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dryRunSave, isDryRun, withDryRun } from '../access/preview/dry-run.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { loadModuleVisibility } from './repo.ts';
import { ModuleParams, ModuleVisibilityOut, ModuleVisibilityUpdate } from './schema.ts';
import { setModuleVisibility } from './service.ts';
import { ADMIN } from '../../http/route-policy.ts';

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
        ...withDryRun.ok(ModuleVisibilityOut),
      },
    },
    async (request) => {
      const { module } = request.params;
      const { allowedGroupIds } = request.body;
      const save = (ctx: ChangeContext) => setModuleVisibility(ctx, module, allowedGroupIds);
      if (isDryRun(request.query))
        return dryRunSave(app, request, save, { kind: 'set_module_groups', module, allowedGroupIds });
      return runChange(app, request, save);
    },
  );
};

export default moduleVisibilityRoutes;
