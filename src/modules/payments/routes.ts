import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const paymentsRoutes: FastifyPluginAsyncZod = async () => {};

export default paymentsRoutes;
