import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const portalTicketsRoutes: FastifyPluginAsyncZod = async () => {};

export default portalTicketsRoutes;
