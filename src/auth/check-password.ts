import type { FastifyInstance } from 'fastify';
import { verifyPassword } from './passwords.ts';

export type PasswordChecker = Pick<FastifyInstance, 'config' | 'loginThrottle' | 'passwordChecks'>;

/**
 * Checks a signed-in person's password (a password change, a step-up) under the sign-in
 * throttle: the attempt is counted before the hash, so a stolen session cannot guess faster than
 * the sign-in form. Throws 429 past the limit.
 */
export async function checkOwnPassword(
  app: PasswordChecker,
  who: { side: 'staff' | 'portal'; email: string; ip: string },
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  await app.loginThrottle.claimAttempt(who.email, who.ip);
  app.passwordChecks.inc({ side: who.side });
  const ok = await verifyPassword(stored, password, app.config.argon2);
  if (ok) await app.loginThrottle.recordSuccess(who.email, who.ip);
  else await app.loginThrottle.recordFailure(who.ip);
  return ok;
}
