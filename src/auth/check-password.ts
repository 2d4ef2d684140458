import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { checkDirectoryPassword } from './directory-password.ts';
import { verifyPassword } from './passwords.ts';

export type PasswordChecker = Pick<
  FastifyInstance,
  'config' | 'loginThrottle' | 'passwordChecks' | 'db' | 'log'
>;

/**
 * Checks a signed-in person's password (a password change, a step-up) under the sign-in
 * throttle: the attempt is counted before the hash, so a stolen session cannot guess faster than
 * the sign-in form. Throws 429 past the limit. A directory-managed contact (`directory`) gives its
 * directory password while the directory is on, as at sign-in.
 */
export async function checkOwnPassword(
  app: PasswordChecker,
  who: { side: 'staff' | 'portal'; email: string; ip: string },
  stored: string | null | undefined,
  password: string,
  directory = false,
): Promise<boolean> {
  await app.loginThrottle.claimAttempt(who.email, who.ip);
  app.passwordChecks.inc({ side: who.side });
  const byDirectory = directory && password ? await checkDirectoryPassword(app, who.email, password) : null;
  const ok = byDirectory ?? (await verifyPassword(stored, password, app.config.argon2));
  if (ok) await app.loginThrottle.recordSuccess(who.email, who.ip);
  else await app.loginThrottle.recordFailure(who.ip);
  return ok;
}

/** A signed-in person's stored password, and whether the directory holds it instead (contacts). */
export async function ownPassword(db: Kysely<DB>, side: 'staff' | 'portal', id: string) {
  if (side === 'staff')
    return db
      .selectFrom('staff_users')
      .select(['password_hash', sql<boolean>`false`.as('directory')])
      .where('id', '=', id)
      .executeTakeFirst();
  return db
    .selectFrom('contacts')
    .select([
      'password_hash',
      sql<boolean>`exists (select 1 from directory_accounts d where d.contact_id = contacts.id)`.as(
        'directory',
      ),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
