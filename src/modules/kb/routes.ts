import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const kbRoutes: FastifyPluginAsyncZod = async () => {};

export default kbRoutes;
