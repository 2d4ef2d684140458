import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import invoiceRoutes from './invoice-routes.ts';
import quoteRoutes from './quote-routes.ts';
import recordRoutes from './record-routes.ts';

/**
 * The portal's API for organization records: assets, contracts, charges, quotes, invoices and
 * payments. Every read and write ANDs a condition of src/authz/records/condition.ts (through scope.ts
 * for quotes and invoices) into its SQL: nothing is loaded to be filtered in JavaScript.
 */
const portalRecordsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(recordRoutes);
  await app.register(quoteRoutes);
  await app.register(invoiceRoutes);
};

export default portalRecordsRoutes;
