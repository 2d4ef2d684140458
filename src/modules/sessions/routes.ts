import type { ContactActor } from '../../authz/actor.ts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  clearSessionCookies,
  requireContact,
  requireStaff,
  setSessionCookies,
} from '../../http/authenticate.ts';
import { contactForSessionToken } from '../../authz/actor.ts';
import { deleteSession } from '../../auth/sessions.ts';
import { describePasswordLink, issuePasswordLink, redeemPasswordLink } from '../../auth/password-links.ts';
import { recordAudit } from '../audit/record.ts';
import { queueMails } from '../../mail/outbox.ts';
import { signIn } from './sign-in.ts';
import { ChallengeOut, registerSecondStep, type Side } from './second-factor.ts';
import {
  ForgotPasswordBody,
  PasswordLinkOut,
  PasswordLinkParams,
  PortalMeOut,
  PortalSessionOut,
  SetPasswordBody,
  SignInBody,
  StaffSessionOut,
  StaffUserOut,
} from './schema.ts';
import { loadPortalMe, loadStaffUser } from './repo.ts';
import { STAFF, PORTAL, PUBLIC } from '../../http/route-policy.ts';
import type { App } from '../shared/record-routes.ts';

const STAFF_SIDE: Side = {
  kind: 'staff',
  cookies: 'staff',
  path: '/api/staff/session',
  tags: ['session'],
  policy: STAFF.policy,
};
const PORTAL_SIDE: Side = {
  kind: 'contact',
  cookies: 'portal',
  path: '/api/portal/session',
  tags: ['portal'],
  policy: PORTAL.policy,
};

/** Who signed in, as the side's sign-in answers it (without the CSRF token). */
type Answer = (accountId: string, sessionToken: string) => Promise<object>;

/**
 * POST: checks the credentials; with no second factor to come, sets the session cookies and
 * answers who signed in and the CSRF token (200). Otherwise answers 202 with a challenge for the
 * second step (…/session/second-factor, or …/session/enrolment for an administrator who must
 * enrol first): half signed in, with no cookie and no right to anything else.
 */
function signInRoute(app: App, side: Side, out: z.ZodObject, who: Answer): void {
  app.post(
    side.path,
    {
      config: PUBLIC,
      schema: { tags: side.tags, body: SignInBody, response: { 200: out, 202: ChallengeOut } },
    },
    async (request, reply) => {
      const result = await signIn(app, request, side.kind, request.body);
      if ('challenge' in result) {
        const { token, purpose, expiresAt } = result.challenge;
        return reply.status(202).send({ next: purpose, challenge: token, expiresAt });
      }
      setSessionCookies(reply, request, app.config, side.cookies, result.session);
      return { ...(await who(result.accountId, result.session.token)), csrfToken: result.session.csrfToken };
    },
  );
  registerSecondStep(app, side, out, who);
}

/** DELETE: ends the session (`end`) and clears its cookies. */
function signOutRoute(app: App, side: Side, end: (request: FastifyRequest) => Promise<void>): void {
  app.delete(
    side.path,
    { config: { policy: side.policy }, schema: { tags: side.tags } },
    async (request, reply) => {
      await end(request);
      clearSessionCookies(reply, side.cookies);
      return reply.status(204).send();
    },
  );
}

const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const portalMe = async (actor: ContactActor) => ({
    ...(await loadPortalMe(app.db, actor)),
    slaWarningMinutes: app.config.slaWarningMinutes,
  });
  signInRoute(app, STAFF_SIDE, StaffSessionOut, async (accountId) => ({
    user: await loadStaffUser(app.db, accountId),
  }));

  signOutRoute(app, STAFF_SIDE, async (request) => {
    const staff = requireStaff(request);
    if (staff.sessionId) await deleteSession(app.db, staff.sessionId);
  });

  app.get(
    '/api/staff/me',
    { config: STAFF, schema: { tags: ['session'], response: { 200: StaffUserOut } } },
    async (request) => loadStaffUser(app.db, requireStaff(request).id),
  );

  signInRoute(app, PORTAL_SIDE, PortalSessionOut, async (accountId, token) => {
    const found = await contactForSessionToken(app.db, token);
    if (!found) throw new Error(`session of contact ${accountId} vanished`);
    return { me: await portalMe(found.actor) };
  });

  signOutRoute(app, PORTAL_SIDE, async (request) => {
    const contact = requireContact(request);
    await deleteSession(app.db, contact.sessionId);
    if (contact.impersonation) {
      const stop = { action: 'impersonation_stop', entityType: 'contact', entityId: contact.id };
      await recordAudit(app.db, contact, stop, request.ip);
    }
  });

  app.get(
    '/api/portal/me',
    { config: PORTAL, schema: { tags: ['portal'], response: { 200: PortalMeOut } } },
    async (request) => portalMe(requireContact(request)),
  );

  // Forgotten password: the same answer whether or not the address is known (no enumeration).
  app.post(
    '/api/portal/password-reset',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        body: ForgotPasswordBody,
        response: { 202: z.object({ status: z.string() }) },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      await app.loginThrottle.countResetRequest(email, request.ip);
      const contact = await app.db
        .selectFrom('contacts')
        .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
        .select(['contacts.id', 'contacts.name', 'contacts.email'])
        .where(sql`lower(contacts.email)`, '=', email.toLowerCase())
        .where('contacts.disabled', '=', false)
        .where(sql<boolean>`'portal.login' = any(privilege_groups.privileges)`)
        .executeTakeFirst();
      if (contact) {
        // The link, its audit row and its mail commit together: no link without its mail.
        await app.db.transaction().execute(async (trx) => {
          const link = await issuePasswordLink(trx, app.config, {
            contactId: contact.id,
            purpose: 'reset',
            staffUserId: null,
          });
          await recordAudit(
            trx,
            { kind: 'anonymous', label: contact.email },
            { action: 'password_reset_requested', entityType: 'contact', entityId: contact.id },
            request.ip,
          );
          await queueMails(trx, app.config.publicUrl, [
            {
              kind: 'password_reset',
              to: contact.email,
              contactId: contact.id,
              subject: 'Reset your Portico password',
              text: `Hello ${contact.name},\n\nSet a new password here (valid 7 days, once):\n${link.url}\n\nIf you did not ask for this, ignore this message.`,
            },
          ]);
        });
        app.mailWorker.wake();
      }
      return reply
        .status(202)
        .send({ status: 'If the address belongs to a portal user, a link is on its way.' });
    },
  );

  app.get(
    '/api/portal/password-links/:token',
    {
      config: PUBLIC,
      schema: { tags: ['portal'], params: PasswordLinkParams, response: { 200: PasswordLinkOut } },
    },
    async (request) => describePasswordLink(app.db, request.params.token),
  );

  app.post(
    '/api/portal/password-links/:token',
    { config: PUBLIC, schema: { tags: ['portal'], params: PasswordLinkParams, body: SetPasswordBody } },
    async (request, reply) => {
      const contactId = await redeemPasswordLink(
        app.db,
        app.config,
        request.params.token,
        request.body.password,
      );
      await recordAudit(
        app.db,
        { kind: 'anonymous', label: 'password link' },
        { action: 'password_set_by_link', entityType: 'contact', entityId: contactId },
        request.ip,
      );
      return reply.status(204).send();
    },
  );
};

export default sessionRoutes;
