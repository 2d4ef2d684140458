import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const invoicesRoutes: FastifyPluginAsyncZod = async () => {};

export default invoicesRoutes;
