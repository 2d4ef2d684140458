import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { hashPassword, needsRehash, verifyPassword } from '../../auth/passwords.ts';
import { createSession, type NewSession, type SessionOwner } from '../../auth/sessions.ts';
import { createChallenge, type ChallengePurpose } from '../../auth/challenges.ts';
import { adminsRequireTwoFactor, findTwoFactor } from '../../auth/two-factor.ts';
import { checkDirectoryPassword } from '../../auth/directory-password.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';

export type Credentials = { email: string; password: string };
export type Challenge = { token: string; purpose: ChallengePurpose; expiresAt: Date };
/** Signed in, or half signed in: the second factor (or its enrolment) is still to come. */
export type SignInResult = { accountId: string; session: NewSession } | { challenge: Challenge };
type Kind = 'staff' | 'contact';

const rejected = () => new AppError('unauthenticated', 'Invalid e-mail or password.');
/**
 * Told only after the password checked out: the person proved who they are, so saying why they
 * cannot come in reveals nothing to a guesser, and spares them a reset that would not help. One
 * answer for a disabled contact and for one whose privilege group has no portal access: the
 * remedy is the same (an administrator), and how the barrier is built is not the contact's concern.
 */
const portalAccessOff = () =>
  new AppError('portal_access_off', 'Your portal access is turned off. Ask your administrator.');

async function findAccount(app: FastifyInstance, kind: Kind, email: string) {
  const db = app.db;
  if (kind === 'staff') {
    return db
      .selectFrom('staff_users')
      .select([
        'id',
        'name',
        'email',
        'password_hash',
        'role',
        sql<boolean>`false`.as('directory'),
        sql<boolean>`not disabled`.as('allowed'),
      ])
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }
  return db
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .leftJoin('directory_accounts', 'directory_accounts.contact_id', 'contacts.id')
    .select([
      'contacts.id',
      sql<boolean>`directory_accounts.contact_id is not null`.as('directory'),
      'contacts.name',
      'contacts.email',
      'contacts.password_hash',
      sql<'admin' | 'agent' | null>`null`.as('role'),
      sql<boolean>`not contacts.disabled and 'portal.login' = any(privilege_groups.privileges)`.as('allowed'),
    ])
    .where(sql`lower(contacts.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/**
 * Checks e-mail and password with throttling, and opens a session (or, with a second factor, a
 * challenge for it). Unknown account, wrong password and a disabled staff user all answer the
 * same, in about the same time; a contact without portal access hears so only after the right password.
 */
export async function signIn(
  app: FastifyInstance,
  request: FastifyRequest,
  kind: Kind,
  credentials: Credentials,
): Promise<SignInResult> {
  const { email, password } = credentials;
  const ip = request.ip;
  await app.loginThrottle.claimAttempt(email, ip);
  const account = await findAccount(app, kind, email);
  app.passwordChecks.inc({ side: kind === 'staff' ? 'staff' : 'portal' });
  // A directory-managed contact gives its directory password while the directory is on.
  const byDirectory = account?.directory ? await checkDirectoryPassword(app, email, password) : null;
  const passwordOk =
    byDirectory ?? (await verifyPassword(account?.password_hash, password, app.config.argon2));
  const entityType = kind === 'staff' ? 'staff_user' : 'contact';
  if (!account || !passwordOk || !account.allowed) {
    if (!passwordOk) await app.loginThrottle.recordFailure(ip);
    // A contact barred from the portal who gave the right password learns why; everyone else
    // (and every staff refusal) gets the one answer that tells nothing.
    const barredContact = kind === 'contact' && account && passwordOk;
    await recordAudit(
      app.db,
      { kind: 'anonymous', label: email.slice(0, 200) },
      {
        action: 'sign_in_failed',
        entityType,
        entityId: account?.id ?? null,
        ...(barredContact ? { after: { reason: 'portal_access_off' } } : {}),
      },
      ip,
    );
    throw barredContact ? portalAccessOff() : rejected();
  }
  await app.loginThrottle.recordSuccess(email, ip);
  const table = kind === 'staff' ? 'staff_users' : 'contacts';
  // Never for a directory password: it must not become a local one.
  if (
    byDirectory === null &&
    account.password_hash &&
    needsRehash(account.password_hash, app.config.argon2)
  ) {
    const rehashed = await hashPassword(password, app.config.argon2);
    await app.db.updateTable(table).set({ password_hash: rehashed }).where('id', '=', account.id).execute();
  }
  const owner: SessionOwner = kind === 'staff' ? { staffUserId: account.id } : { contactId: account.id };
  const next = await secondStep(app, owner, account.role);
  if (next) {
    await recordAudit(
      app.db,
      { kind: 'anonymous', label: account.email },
      { action: 'sign_in_password_ok', entityType, entityId: account.id, after: { next } },
      ip,
    );
    return { challenge: await createChallenge(app.db, owner, next) };
  }
  return { accountId: account.id, session: await openSession(app, request, owner, account.email) };
}

/** What comes after a right password: the second factor, its enrolment (admins, when required), or nothing. */
export async function secondStep(
  app: FastifyInstance,
  owner: SessionOwner,
  role: 'admin' | 'agent' | null,
): Promise<ChallengePurpose | null> {
  const factor = await findTwoFactor(app.db, owner);
  if (factor?.confirmed_at) return 'second_factor';
  if (role === 'admin' && (await adminsRequireTwoFactor(app.db))) return 'enrol';
  return null;
}

/** The end of every sign-in: a session (its owner just proved itself: step-up counts), audited. */
export async function openSession(
  app: FastifyInstance,
  request: FastifyRequest,
  owner: SessionOwner,
  label: string,
  how: 'password' | 'totp' | 'recovery_code' | 'enrolment' | 'oidc' = 'password',
): Promise<NewSession> {
  const session = await createSession(app.db, owner, {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    ttlMs: app.config.sessionTtlMs,
  });
  const entityType = 'staffUserId' in owner ? 'staff_user' : 'contact';
  const entityId = 'staffUserId' in owner ? owner.staffUserId : owner.contactId;
  await recordAudit(
    app.db,
    { kind: 'anonymous', label },
    {
      action: 'sign_in',
      entityType,
      entityId,
      ...(how === 'password'
        ? {}
        : how === 'oidc'
          ? { after: { via: 'oidc' } }
          : { after: { secondFactor: how } }),
    },
    request.ip,
  );
  return session;
}
