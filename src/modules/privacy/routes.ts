import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN, ADMIN_STEP_UP, STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { rolledBack, runChange } from '../audit/change.ts';
import { eraseContact } from './erasure.ts';
import { exportContact } from './export.ts';
import { ContactExportOut, ErasureOut } from './schema.ts';

const tags = ['contacts'];

/** A contact's data export and erasure (docs/privacy.md). */
const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/contacts/:id/export',
    {
      config: STAFF,
      schema: {
        tags,
        params: IdParams,
        description:
          "Everything Portico holds about the contact, as one JSON file (a download); files are listed with their download address. Tickets follow the staff user's ticket scope. Audited.",
        response: { 200: ContactExportOut },
      },
    },
    async (request, reply) => {
      const data = await runChange(app, request, (ctx) => exportContact(ctx, request.params.id));
      void reply.header('content-disposition', `attachment; filename="contact-${request.params.id}.json"`);
      void reply.header('cache-control', 'no-store');
      return data;
    },
  );

  const erasureRoute = (path: string, config: typeof ADMIN, description: string, dryRun: boolean) =>
    app.post(
      path,
      { config, schema: { tags, params: IdParams, description, response: { 200: ErasureOut } } },
      async (request) =>
        runChange(app, request, (ctx) => {
          const erase = () => eraseContact(ctx, request.params.id);
          return dryRun ? rolledBack(ctx.trx, erase) : erase();
        }),
    );
  erasureRoute(
    '/api/staff/contacts/:id/erasure/preview',
    ADMIN,
    'What erasing the contact would do, computed by the erasure itself and rolled back.',
    true,
  );
  erasureRoute(
    '/api/staff/contacts/:id/erasure',
    ADMIN_STEP_UP,
    'Erases the contact: anonymised, signed out everywhere, its sign-in methods deleted; tickets, quotes and the audit trail kept. Irreversible. A step-up action.',
    false,
  );
};

export default privacyRoutes;
