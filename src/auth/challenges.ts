import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionOwner } from './sessions.ts';
import { hashToken, newToken } from './tokens.ts';

export type ChallengePurpose = 'second_factor' | 'enrol';
/** Time to open the app and type the code (or to enrol). */
const CHALLENGE_MINUTES = 10;
/** Wrong codes one challenge takes; then the password must be given again. */
export const MAX_CHALLENGE_ATTEMPTS = 5;

/** Half signed in: the password was right; the token is all the second step needs. */
export async function createChallenge(db: Kysely<DB>, owner: SessionOwner, purpose: ChallengePurpose) {
  const token = newToken();
  const row = await db
    .insertInto('sign_in_challenges')
    .values({
      token_hash: hashToken(token),
      staff_user_id: 'staffUserId' in owner ? owner.staffUserId : null,
      contact_id: 'contactId' in owner ? owner.contactId : null,
      purpose,
      expires_at: sql<Date>`now() + make_interval(mins => ${CHALLENGE_MINUTES})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return { token, purpose, expiresAt: row.expires_at };
}

/**
 * Counts one attempt at the challenge (atomically, before any code is checked) and answers its
 * owner, or undefined when it is unknown, expired, of another purpose or of another side, or has
 * had its attempts.
 */
export async function claimChallenge(
  db: Kysely<DB>,
  token: string,
  purpose: ChallengePurpose,
  side: 'staff' | 'contact',
): Promise<{ id: string; owner: SessionOwner } | undefined> {
  const row = await db
    .updateTable('sign_in_challenges')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('attempts', '<', MAX_CHALLENGE_ATTEMPTS)
    .where(side === 'staff' ? 'staff_user_id' : 'contact_id', 'is not', null)
    .returning(['id', 'staff_user_id', 'contact_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  const owner: SessionOwner = row.staff_user_id
    ? { staffUserId: row.staff_user_id }
    : { contactId: row.contact_id ?? '' };
  return { id: row.id, owner };
}

/** A challenge that has done its job (or an expired one) is gone. */
export async function endChallenge(db: Kysely<DB>, id: string): Promise<void> {
  await db
    .deleteFrom('sign_in_challenges')
    .where((eb) => eb.or([eb('id', '=', id), eb('expires_at', '<', sql<Date>`now()`)]))
    .execute();
}
