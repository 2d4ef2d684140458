import type { FastifyInstance } from 'fastify';
import sessionRoutes from './sessions/routes.ts';
import twoFactorRoutes from './two-factor/routes.ts';
import oidcRoutes from './oidc/routes.ts';
import organizationsRoutes from './organizations/routes.ts';
import contactsRoutes from './contacts/routes.ts';
import privacyRoutes from './privacy/routes.ts';
import staffUsersRoutes from './staff-users/routes.ts';
import teamsRoutes from './teams/routes.ts';
import slaRoutes from './sla/routes.ts';
import apiTokensRoutes from './api-tokens/routes.ts';
import ticketsRoutes from './tickets/routes.ts';
import assetsRoutes from './assets/routes.ts';
import contractsRoutes from './contracts/routes.ts';
import chargesRoutes from './charges/routes.ts';
import quotesRoutes from './quotes/routes.ts';
import invoicesRoutes from './invoices/routes.ts';
import paymentsRoutes from './payments/routes.ts';
import documentsRoutes from './documents/routes.ts';
import kbRoutes from './kb/routes.ts';
import privilegeGroupsRoutes from './privilege-groups/routes.ts';
import userGroupsRoutes from './user-groups/routes.ts';
import accessGrantsRoutes from './access-grants/routes.ts';
import moduleVisibilityRoutes from './module-visibility/routes.ts';
import auditRoutes from './audit/routes.ts';
import portalTicketsRoutes from './portal-tickets/routes.ts';
import impersonationRoutes from './impersonation/routes.ts';
import { auditImpersonatedRequests } from './impersonation/audit-hook.ts';
import portalRecordsRoutes from './portal-records/routes.ts';
import portalContentRoutes from './portal-content/routes.ts';
import portalAccountRoutes from './portal-account/routes.ts';
import portalApiTokensRoutes from './api-tokens/portal-routes.ts';
import csvRoutes from './csv/routes.ts';
import accessRoutes from './access/routes.ts';
import backupRoutes from './backup/routes.ts';
import inboundMailRoutes from './inbound-mail/routes.ts';
import mailRoutes from './mail/routes.ts';
import participantRoutes from './participants/routes.ts';
import directoryRoutes from './directory/routes.ts';
import cannedResponsesRoutes from './canned-responses/routes.ts';

// Registered in this order, the areas one after the other.
const SIGN_IN_ROUTES = [sessionRoutes, twoFactorRoutes, oidcRoutes, impersonationRoutes];
const STAFF_ROUTES = [
  organizationsRoutes,
  contactsRoutes,
  privacyRoutes,
  staffUsersRoutes,
  teamsRoutes,
  slaRoutes,
  cannedResponsesRoutes,
  apiTokensRoutes,
  ticketsRoutes,
  assetsRoutes,
  contractsRoutes,
  chargesRoutes,
  quotesRoutes,
  invoicesRoutes,
  paymentsRoutes,
  documentsRoutes,
  kbRoutes,
  privilegeGroupsRoutes,
  userGroupsRoutes,
  accessGrantsRoutes,
  moduleVisibilityRoutes,
  auditRoutes,
];
const PORTAL_ROUTES = [
  portalTicketsRoutes,
  participantRoutes,
  portalRecordsRoutes,
  portalContentRoutes,
  portalAccountRoutes,
  portalApiTokensRoutes,
];
const STAFF_TOOL_ROUTES = [
  csvRoutes,
  accessRoutes,
  backupRoutes,
  mailRoutes,
  inboundMailRoutes,
  directoryRoutes,
];

/**
 * Every module's routes, handed to `buildApp` (http/ imports no module). A route that declares no
 * policy stops the app from starting.
 */
export async function registerModules(app: FastifyInstance): Promise<void> {
  // On the root and first: a plugin's scope copies its parent's hooks when it opens, so the hook
  // must be in place before any module's scope does to cover every route, as it did in http/.
  auditImpersonatedRequests(app);
  for (const plugin of [...SIGN_IN_ROUTES, ...STAFF_ROUTES, ...PORTAL_ROUTES, ...STAFF_TOOL_ROUTES])
    await app.register(plugin);
}
