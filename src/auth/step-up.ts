import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** How long a password or code given again counts for sensitive actions. */
export const STEP_UP_MINUTES = 5;

export const stepUpRequired = () =>
  new AppError(
    'step_up_required',
    `Confirm it is you: enter your password or a code again (needed every ${STEP_UP_MINUTES} minutes for this).`,
  );

/** The session's owner just gave the password or a code (a sign-in counts). */
export async function markReauthenticated(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ reauthenticated_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .execute();
}

/** Throws 403 step_up_required unless the session re-authenticated within the last 5 minutes. */
export async function assertRecentlyAuthenticated(db: Kysely<DB>, sessionId: string): Promise<void> {
  const row = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('reauthenticated_at', '>', sql<Date>`now() - make_interval(mins => ${STEP_UP_MINUTES})`)
    .executeTakeFirst();
  if (!row) throw stepUpRequired();
}
