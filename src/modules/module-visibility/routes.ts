import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const moduleVisibilityRoutes: FastifyPluginAsyncZod = async () => {};

export default moduleVisibilityRoutes;
