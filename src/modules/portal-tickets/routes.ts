import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import attachmentRoutes from './attachment-routes.ts';
import commentRoutes from './comment-routes.ts';
import readRoutes from './read-routes.ts';
import writeRoutes from './write-routes.ts';

/**
 * The portal's ticket API. Every read and write ANDs the conditions of src/authz/tickets/condition.ts
 * into its SQL: nothing is loaded to be filtered in JavaScript.
 */
const portalTicketsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(readRoutes);
  await app.register(writeRoutes);
  await app.register(commentRoutes);
  await app.register(attachmentRoutes);
};

export default portalTicketsRoutes;
