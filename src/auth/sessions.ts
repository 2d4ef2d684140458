import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashToken, newToken } from './tokens.ts';

export type SessionOwner = { staffUserId: string } | { contactId: string };

export type NewSession = { id: string; token: string; csrfToken: string; expiresAt: Date };

export async function createSession(
  db: Kysely<DB>,
  owner: SessionOwner,
  meta: { ip: string; userAgent: string; ttlMs: number },
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + meta.ttlMs);
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      csrf_hash: hashToken(csrfToken),
      staff_user_id: 'staffUserId' in owner ? owner.staffUserId : null,
      contact_id: 'contactId' in owner ? owner.contactId : null,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 300),
      expires_at: expiresAt,
      last_seen_at: sql<Date>`now()`,
      // Signing in is giving the password: it counts for step-up.
      reauthenticated_at: sql<Date>`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, csrfToken, expiresAt };
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs a person out everywhere, except optionally the session making the request. */
export async function deleteSessionsOf(db: Kysely<DB>, owner: SessionOwner, exceptSessionId?: string) {
  let query = db.deleteFrom('sessions');
  query =
    'staffUserId' in owner
      ? query.where('staff_user_id', '=', owner.staffUserId)
      : query.where('contact_id', '=', owner.contactId);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  await query.execute();
}

/** last_seen_at is written at most once a minute per session, not on every request. */
export async function touchSession(db: Kysely<DB>, sessionId: string, lastSeenAt: Date): Promise<void> {
  if (Date.now() - lastSeenAt.getTime() < 60_000) return;
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .execute();
}
