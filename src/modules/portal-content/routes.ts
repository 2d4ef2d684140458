import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import documentRoutes from './document-routes.ts';
import kbRoutes from './kb-routes.ts';
import ticketRoutes from './ticket-routes.ts';

/**
 * What the portal shows beside tickets: public documents, the knowledge base, and a ticket's
 * history, public e-mails and linked asset. Every read ANDs a condition of src/authz into its SQL.
 */
const portalContentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(documentRoutes);
  await app.register(kbRoutes);
  await app.register(ticketRoutes);
};

export default portalContentRoutes;
