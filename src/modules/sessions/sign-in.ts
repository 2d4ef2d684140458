import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { hashPassword, needsRehash, verifyPassword } from '../../auth/passwords.ts';
import { createSession, type NewSession } from '../../auth/sessions.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';

export type Credentials = { email: string; password: string };
type Kind = 'staff' | 'contact';

const rejected = () => new AppError('unauthenticated', 'Invalid e-mail or password.');

async function findAccount(app: FastifyInstance, kind: Kind, email: string) {
  const db = app.db;
  if (kind === 'staff') {
    return db
      .selectFrom('staff_users')
      .select(['id', 'name', 'email', 'password_hash', sql<boolean>`not disabled`.as('allowed')])
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }
  return db
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.password_hash',
      sql<boolean>`not contacts.disabled and 'portal.login' = any(privilege_groups.privileges)`.as('allowed'),
    ])
    .where(sql`lower(contacts.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/**
 * Checks e-mail and password with throttling, and opens a session. Unknown account, wrong
 * password, disabled or no portal access all answer the same, in about the same time.
 */
export async function signIn(
  app: FastifyInstance,
  request: FastifyRequest,
  kind: Kind,
  credentials: Credentials,
): Promise<{ accountId: string; session: NewSession }> {
  const { email, password } = credentials;
  const ip = request.ip;
  await app.loginThrottle.claimAttempt(email, ip);
  const account = await findAccount(app, kind, email);
  app.passwordChecks.inc({ side: kind === 'staff' ? 'staff' : 'portal' });
  const passwordOk = await verifyPassword(account?.password_hash, password, app.config.argon2);
  const entityType = kind === 'staff' ? 'staff_user' : 'contact';
  if (!account || !passwordOk || !account.allowed) {
    if (!passwordOk) await app.loginThrottle.recordFailure(ip);
    await recordAudit(
      app.db,
      { kind: 'anonymous', label: email.slice(0, 200) },
      { action: 'sign_in_failed', entityType, entityId: account?.id ?? null },
      ip,
    );
    throw rejected();
  }
  await app.loginThrottle.recordSuccess(email, ip);
  const table = kind === 'staff' ? 'staff_users' : 'contacts';
  if (account.password_hash && needsRehash(account.password_hash, app.config.argon2)) {
    const rehashed = await hashPassword(password, app.config.argon2);
    await app.db.updateTable(table).set({ password_hash: rehashed }).where('id', '=', account.id).execute();
  }
  const session = await createSession(
    app.db,
    kind === 'staff' ? { staffUserId: account.id } : { contactId: account.id },
    { ip, userAgent: request.headers['user-agent'] ?? '', ttlMs: app.config.sessionTtlMs },
  );
  await recordAudit(
    app.db,
    { kind: 'anonymous', label: account.email },
    { action: 'sign_in', entityType, entityId: account.id },
    ip,
  );
  return { accountId: account.id, session };
}
