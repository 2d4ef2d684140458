import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const accessGrantsRoutes: FastifyPluginAsyncZod = async () => {};

export default accessGrantsRoutes;
