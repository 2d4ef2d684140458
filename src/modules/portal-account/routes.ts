import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import passwordRoutes from './password-routes.ts';
import sessionRoutes from './session-routes.ts';

/** The contact's own account: its password and its sessions (signed-in devices). */
const portalAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(passwordRoutes);
  await app.register(sessionRoutes);
};

export default portalAccountRoutes;
