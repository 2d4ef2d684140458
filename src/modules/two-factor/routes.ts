import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireContact, requireStaff } from '../../http/authenticate.ts';
import {
  ADMIN,
  ADMIN_STEP_UP,
  PORTAL,
  PORTAL_STEP_UP,
  STAFF,
  STAFF_STEP_UP,
  type RoutePolicy,
} from '../../http/route-policy.ts';
import { checkOwnPassword, ownPassword } from '../../auth/check-password.ts';
import { markReauthenticated, steppedUpUntil } from '../../auth/step-up.ts';
import type { SessionOwner } from '../../auth/sessions.ts';
import { enrolmentOf } from '../../auth/totp.ts';
import {
  adminsRequireTwoFactor,
  confirmEnrolment,
  disableTwoFactor,
  findTwoFactor,
  replaceRecoveryCodes,
  startEnrolment,
  twoFactorStatus,
  verifySecondFactor,
} from '../../auth/two-factor.ts';
import { conflict, forbidden, invalid } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { EnrolmentOut, RecoveryCodesOut } from '../sessions/second-factor.ts';
import {
  CodeBody,
  SignInSettingsBody,
  SignInSettingsOut,
  StepUpBody,
  StepUpStatusOut,
  TwoFactorStatusOut,
} from './schema.ts';
import type { App } from '../shared/record-routes.ts';

type Me = {
  owner: SessionOwner;
  id: string;
  email: string;
  side: 'staff' | 'portal';
  sessionId: string;
  /** Staff: an administrator while two factors are required. */
  required: boolean;
  actor: Parameters<typeof recordAudit>[1];
};

/** The person managing its own sign-in: only in its own cookie session (no API token, no impersonation). */
async function staffMe(app: App, request: FastifyRequest): Promise<Me> {
  const staff = requireStaff(request);
  if (!staff.sessionId) throw forbidden('Only in a signed-in session, not with an API token.');
  const required = staff.role === 'admin' && (await adminsRequireTwoFactor(app.db));
  const owner = { staffUserId: staff.id };
  return {
    owner,
    id: staff.id,
    email: staff.email,
    side: 'staff',
    sessionId: staff.sessionId,
    required,
    actor: staff,
  };
}

function contactMe(request: FastifyRequest): Me {
  const contact = requireContact(request);
  if (contact.impersonation) throw forbidden('Not while viewing the portal as this contact.');
  const owner = { contactId: contact.id };
  const me = { id: contact.id, email: contact.email, side: 'portal' as const, sessionId: contact.sessionId };
  return { ...me, owner, required: false, actor: contact };
}

/** The routes of one side under `${base}` (/api/staff or /api/portal). */
function twoFactorRoutes(
  app: App,
  base: string,
  tags: string[],
  policies: { read: { policy: RoutePolicy }; stepUp: { policy: RoutePolicy } },
  me: (request: FastifyRequest) => Promise<Me> | Me,
): void {
  const entityType = (m: Me) => (m.side === 'staff' ? 'staff_user' : 'contact');
  const audit = (m: Me, request: FastifyRequest, action: string) =>
    recordAudit(app.db, m.actor, { action, entityType: entityType(m), entityId: m.id }, request.ip);

  app.get(
    `${base}/me/two-factor`,
    { config: policies.read, schema: { tags, response: { 200: TwoFactorStatusOut } } },
    async (request) => {
      const m = await me(request);
      return { ...(await twoFactorStatus(app.db, m.owner)), required: m.required };
    },
  );

  // Enrolling: a new secret (QR code), in force only once a code made with it is confirmed.
  app.post(
    `${base}/me/two-factor/enrolment`,
    { config: policies.read, schema: { tags, response: { 200: EnrolmentOut } } },
    async (request) => {
      const m = await me(request);
      const secret = await startEnrolment(app.db, m.owner);
      if (!secret) throw conflict('Two factors are already on: turn them off first to set up a new app.');
      return enrolmentOf(secret, m.email);
    },
  );

  app.post(
    `${base}/me/two-factor/enrolment/confirm`,
    { config: policies.read, schema: { tags, body: CodeBody, response: { 200: RecoveryCodesOut } } },
    async (request) => {
      const m = await me(request);
      await app.loginThrottle.claimAttempt(m.email, request.ip);
      const recoveryCodes = await confirmEnrolment(app.db, m.owner, request.body.code);
      if (!recoveryCodes) {
        await app.loginThrottle.recordFailure(request.ip);
        throw invalid('body.code', 'is not a current code of the app being set up');
      }
      await app.loginThrottle.recordSuccess(m.email, request.ip);
      await markReauthenticated(app.db, m.sessionId);
      await audit(m, request, 'two_factor_enabled');
      return { recoveryCodes };
    },
  );

  app.post(
    `${base}/me/two-factor/recovery-codes`,
    { config: policies.stepUp, schema: { tags, response: { 200: RecoveryCodesOut } } },
    async (request) => {
      const m = await me(request);
      const factor = await findTwoFactor(app.db, m.owner);
      if (!factor?.confirmed_at) throw conflict('Two factors are off: there are no recovery codes.');
      const recoveryCodes = await app.db.transaction().execute((trx) => replaceRecoveryCodes(trx, factor.id));
      await audit(m, request, 'recovery_codes_replaced');
      return { recoveryCodes };
    },
  );

  app.delete(
    `${base}/me/two-factor`,
    { config: policies.stepUp, schema: { tags } },
    async (request, reply) => {
      const m = await me(request);
      if (m.required) throw conflict('Administrators must use two factors (sign-in settings).');
      if (await disableTwoFactor(app.db, m.owner)) await audit(m, request, 'two_factor_disabled');
      return reply.status(204).send();
    },
  );

  // Whether a sensitive action would ask for step-up now: the console asks before it opens a tab.
  app.get(
    `${base}/session/step-up`,
    { config: policies.read, schema: { tags, response: { 200: StepUpStatusOut } } },
    async (request) => {
      const m = await me(request);
      // A personal API token has no session to step up (and writes nothing).
      const until = m.sessionId ? await steppedUpUntil(app.db, m.sessionId, app.config.stepUpSeconds) : null;
      return { until };
    },
  );

  // Step-up: the password or a code again, for the sensitive actions of the next STEP_UP_SECONDS.
  app.post(
    `${base}/session/step-up`,
    { config: policies.read, schema: { tags, body: StepUpBody } },
    async (request, reply) => {
      const m = await me(request);
      const { password, code } = request.body;
      if (password !== undefined) {
        const row = await ownPassword(app.db, m.side, m.id);
        const who = { side: m.side, email: m.email, ip: request.ip };
        if (!(await checkOwnPassword(app, who, row?.password_hash, password, row?.directory)))
          throw invalid('body.password', 'is not your password');
      } else {
        await app.loginThrottle.claimAttempt(m.email, request.ip);
        if (!(await verifySecondFactor(app.db, m.owner, code ?? ''))) {
          await app.loginThrottle.recordFailure(request.ip);
          throw invalid('body.code', 'is not a current code of your app or an unused recovery code');
        }
        await app.loginThrottle.recordSuccess(m.email, request.ip);
      }
      await markReauthenticated(app.db, m.sessionId);
      await audit(m, request, 'step_up');
      return reply.status(204).send();
    },
  );
}

const twoFactorPlugin: FastifyPluginAsyncZod = async (app) => {
  twoFactorRoutes(app, '/api/staff', ['session'], { read: STAFF, stepUp: STAFF_STEP_UP }, (r) =>
    staffMe(app, r),
  );
  twoFactorRoutes(app, '/api/portal', ['portal'], { read: PORTAL, stepUp: PORTAL_STEP_UP }, contactMe);

  app.get(
    '/api/staff/sign-in-settings',
    { config: ADMIN, schema: { tags: ['session'], response: { 200: SignInSettingsOut } } },
    async () => ({ adminsRequireTwoFactor: await adminsRequireTwoFactor(app.db) }),
  );

  app.put(
    '/api/staff/sign-in-settings',
    {
      config: ADMIN_STEP_UP,
      schema: { tags: ['session'], body: SignInSettingsBody, response: { 200: SignInSettingsOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const before = await adminsRequireTwoFactor(app.db);
      const { adminsRequireTwoFactor: after } = request.body;
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('sign_in_settings')
          .set({ admins_require_two_factor: after, updated_at: sql<Date>`now()` })
          .execute();
        await recordAudit(
          trx,
          staff,
          {
            action: 'sign_in_settings_changed',
            entityType: 'sign_in_settings',
            entityId: null,
            before: { adminsRequireTwoFactor: before },
            after: { adminsRequireTwoFactor: after },
          },
          request.ip,
        );
      });
      return { adminsRequireTwoFactor: after };
    },
  );
};

export default twoFactorPlugin;
