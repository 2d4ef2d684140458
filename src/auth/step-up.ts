import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** How long a password or code given again counts for sensitive actions (STEP_UP_SECONDS). */
const every = (seconds: number) =>
  seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;

export const stepUpRequired = (windowSeconds: number) =>
  new AppError(
    'step_up_required',
    `Confirm it is you: enter your password or a code again (needed every ${every(windowSeconds)} for this).`,
  );

/** The session's owner just gave the password or a code (a sign-in counts). */
export async function markReauthenticated(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ reauthenticated_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .execute();
}

/** Until when the session's last password or code counts for step-up (null: it does not now). */
export async function steppedUpUntil(
  db: Kysely<DB>,
  sessionId: string,
  windowSeconds: number,
): Promise<Date | null> {
  const row = await db
    .selectFrom('sessions')
    .select(sql<Date>`reauthenticated_at + make_interval(secs => ${windowSeconds})`.as('until'))
    .where('id', '=', sessionId)
    .where('reauthenticated_at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirst();
  return row?.until ?? null;
}

/** Throws 403 step_up_required unless the session re-authenticated within the window. */
export async function assertRecentlyAuthenticated(
  db: Kysely<DB>,
  sessionId: string,
  windowSeconds: number,
): Promise<void> {
  if (!(await steppedUpUntil(db, sessionId, windowSeconds))) throw stepUpRequired(windowSeconds);
}
