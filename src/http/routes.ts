import type { FastifyInstance } from 'fastify';
import sessionRoutes from '../modules/sessions/routes.ts';
import organizationRoutes from '../modules/organizations/routes.ts';

/** Every module's routes. A route that declares no policy stops the app from starting. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(sessionRoutes);
  await app.register(organizationRoutes);
}
