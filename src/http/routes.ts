import type { FastifyInstance } from 'fastify';
import sessionRoutes from '../modules/sessions/routes.ts';
import organizationsRoutes from '../modules/organizations/routes.ts';
import contactsRoutes from '../modules/contacts/routes.ts';
import staffUsersRoutes from '../modules/staff-users/routes.ts';
import apiTokensRoutes from '../modules/api-tokens/routes.ts';
import ticketsRoutes from '../modules/tickets/routes.ts';
import assetsRoutes from '../modules/assets/routes.ts';
import contractsRoutes from '../modules/contracts/routes.ts';
import chargesRoutes from '../modules/charges/routes.ts';
import quotesRoutes from '../modules/quotes/routes.ts';
import invoicesRoutes from '../modules/invoices/routes.ts';
import paymentsRoutes from '../modules/payments/routes.ts';
import documentsRoutes from '../modules/documents/routes.ts';
import kbRoutes from '../modules/kb/routes.ts';
import privilegeGroupsRoutes from '../modules/privilege-groups/routes.ts';
import userGroupsRoutes from '../modules/user-groups/routes.ts';
import accessGrantsRoutes from '../modules/access-grants/routes.ts';
import moduleVisibilityRoutes from '../modules/module-visibility/routes.ts';
import auditRoutes from '../modules/audit/routes.ts';
import portalTicketsRoutes from '../modules/portal-tickets/routes.ts';
import impersonationRoutes from '../modules/impersonation/routes.ts';
import portalRecordsRoutes from '../modules/portal-records/routes.ts';

/** Every module's routes. A route that declares no policy stops the app from starting. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(sessionRoutes);
  await app.register(impersonationRoutes);
  await app.register(organizationsRoutes);
  await app.register(contactsRoutes);
  await app.register(staffUsersRoutes);
  await app.register(apiTokensRoutes);
  await app.register(ticketsRoutes);
  await app.register(assetsRoutes);
  await app.register(contractsRoutes);
  await app.register(chargesRoutes);
  await app.register(quotesRoutes);
  await app.register(invoicesRoutes);
  await app.register(paymentsRoutes);
  await app.register(documentsRoutes);
  await app.register(kbRoutes);
  await app.register(privilegeGroupsRoutes);
  await app.register(userGroupsRoutes);
  await app.register(accessGrantsRoutes);
  await app.register(moduleVisibilityRoutes);
  await app.register(auditRoutes);
  await app.register(portalTicketsRoutes);
  await app.register(portalRecordsRoutes);
}
