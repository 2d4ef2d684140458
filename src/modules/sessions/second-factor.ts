import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setSessionCookies } from '../../http/authenticate.ts';
import type { RoutePolicy } from '../../http/route-policy.ts';
import { PUBLIC } from '../../http/route-policy.ts';
import { DateTime } from '../../http/schema-types.ts';
import { claimChallenge, endChallenge } from '../../auth/challenges.ts';
import { confirmEnrolment, startEnrolment, verifySecondFactor } from '../../auth/two-factor.ts';
import { enrolmentOf } from '../../auth/totp.ts';
import type { SessionOwner } from '../../auth/sessions.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { openSession } from './sign-in.ts';
import type { App } from '../shared/record-routes.ts';

/** The two sides one signs in to: staff users and portal contacts. */
export type Side = {
  kind: 'staff' | 'contact';
  cookies: 'staff' | 'portal';
  path: string;
  tags: string[];
  policy: RoutePolicy;
};

export const ChallengeOut = z.object({
  /** second_factor: send a code from the app (or a recovery code); enrol: set the app up first. */
  next: z.enum(['second_factor', 'enrol']),
  /** Proof of the right password for the second step; valid 10 minutes, 5 tries. */
  challenge: z.string(),
  expiresAt: DateTime,
});

const Challenge = z.string().min(20).max(200);
const Code = z.string().trim().min(6).max(20);
const SecondFactorBody = z.strictObject({ challenge: Challenge, code: Code });
const EnrolmentBody = z.strictObject({ challenge: Challenge });
export const EnrolmentOut = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code (PNG data URL) for the authenticator app. */
  qrDataUrl: z.string(),
});
export const RecoveryCodesOut = z.object({ recoveryCodes: z.array(z.string()) });

const challengeFailed = () =>
  new AppError('unauthenticated', 'Sign-in expired or too many wrong codes: sign in again.');
const wrongCode = () => new AppError('unauthenticated', 'That code is not right.');

async function accountLabel(app: FastifyInstance, owner: SessionOwner): Promise<string> {
  const row =
    'staffUserId' in owner
      ? await app.db
          .selectFrom('staff_users')
          .select('email')
          .where('id', '=', owner.staffUserId)
          .executeTakeFirst()
      : await app.db
          .selectFrom('contacts')
          .select('email')
          .where('id', '=', owner.contactId)
          .executeTakeFirst();
  return row?.email ?? '';
}

const ownerId = (owner: SessionOwner) => ('staffUserId' in owner ? owner.staffUserId : owner.contactId);

/**
 * The second step of a sign-in that needs one: the code (…/second-factor), or an administrator's
 * enrolment when the setting requires two factors (…/enrolment, …/enrolment/confirm). Each call
 * counts against the challenge's attempts before any code is checked.
 */
export function registerSecondStep(
  app: App,
  side: Side,
  out: z.ZodObject,
  who: (accountId: string, sessionToken: string) => Promise<object>,
): void {
  const entityType = side.kind === 'staff' ? 'staff_user' : 'contact';

  app.post(
    `${side.path}/second-factor`,
    { config: PUBLIC, schema: { tags: side.tags, body: SecondFactorBody, response: { 200: out } } },
    async (request, reply) => {
      const { challenge, code } = request.body;
      const claimed = await claimChallenge(app.db, challenge, 'second_factor', side.kind);
      if (!claimed) throw challengeFailed();
      const label = await accountLabel(app, claimed.owner);
      const how = await verifySecondFactor(app.db, claimed.owner, code);
      if (!how) {
        const failed = {
          action: 'sign_in_failed',
          entityType,
          entityId: ownerId(claimed.owner),
          after: { secondFactor: true },
        };
        await recordAudit(app.db, { kind: 'anonymous', label }, failed, request.ip);
        throw wrongCode();
      }
      await endChallenge(app.db, claimed.id);
      const session = await openSession(app, request, claimed.owner, label, how);
      setSessionCookies(reply, request, app.config, side.cookies, session);
      return { ...(await who(ownerId(claimed.owner), session.token)), csrfToken: session.csrfToken };
    },
  );

  if (side.kind !== 'staff') return;

  app.post(
    `${side.path}/enrolment`,
    { config: PUBLIC, schema: { tags: side.tags, body: EnrolmentBody, response: { 200: EnrolmentOut } } },
    async (request) => {
      const claimed = await claimChallenge(app.db, request.body.challenge, 'enrol', side.kind);
      if (!claimed) throw challengeFailed();
      const secret = await startEnrolment(app.db, claimed.owner);
      if (!secret) throw challengeFailed();
      return enrolmentOf(secret, await accountLabel(app, claimed.owner));
    },
  );

  app.post(
    `${side.path}/enrolment/confirm`,
    {
      config: PUBLIC,
      schema: {
        tags: side.tags,
        body: SecondFactorBody,
        response: { 200: out.extend(RecoveryCodesOut.shape) },
      },
    },
    async (request, reply) => {
      const { challenge, code } = request.body;
      const claimed = await claimChallenge(app.db, challenge, 'enrol', side.kind);
      if (!claimed) throw challengeFailed();
      const recoveryCodes = await confirmEnrolment(app.db, claimed.owner, code);
      if (!recoveryCodes) throw wrongCode();
      await endChallenge(app.db, claimed.id);
      const label = await accountLabel(app, claimed.owner);
      const enrolled = { action: 'two_factor_enabled', entityType, entityId: ownerId(claimed.owner) };
      await recordAudit(app.db, { kind: 'anonymous', label }, enrolled, request.ip);
      const session = await openSession(app, request, claimed.owner, label, 'enrolment');
      setSessionCookies(reply, request, app.config, side.cookies, session);
      const answer = await who(ownerId(claimed.owner), session.token);
      return { ...answer, csrfToken: session.csrfToken, recoveryCodes };
    },
  );
}
