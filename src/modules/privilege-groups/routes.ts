import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: the routes of this module are being written.
const privilegeGroupsRoutes: FastifyPluginAsyncZod = async () => {};

export default privilegeGroupsRoutes;
