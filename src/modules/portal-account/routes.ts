import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import notificationRoutes from './notification-routes.ts';
import passwordRoutes from './password-routes.ts';
import sessionRoutes from './session-routes.ts';

/** The contact's own account: its password, its sessions (signed-in devices), its e-mail notifications. */
const portalAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(passwordRoutes);
  await app.register(sessionRoutes);
  await app.register(notificationRoutes);
};

export default portalAccountRoutes;
