import { sql, type Expression, type SqlBool } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById } from '../shared/page-by-id.ts';
import type { PortalSessionItem } from './schema.ts';
import type { Db } from '../../db/database.ts';

/**
 * A contact's own account data. The permission model has no scope for it beyond "the contact
 * itself", so the condition is here, in one place: its own unexpired sessions.
 */
export function ownSessions(actor: ContactActor, s = 's'): Expression<SqlBool> {
  // Sessions a staff user opened to view the portal as the contact are not the contact's own.
  return sql<SqlBool>`(${sql.ref(`${s}.contact_id`)} = ${actor.id}::uuid and ${sql.ref(`${s}.expires_at`)} > now()
    and ${sql.ref(`${s}.impersonator_staff_id`)} is null)`;
}

/** Newest first, keyset on the UUIDv7 id over sessions_contact_idx. */
export async function listOwnSessions(db: Db, actor: ContactActor, page: PageQuery) {
  const query = db
    .selectFrom('sessions as s')
    .select(['s.id', 's.created_at', 's.last_seen_at', 's.ip', 's.user_agent'])
    .where(ownSessions(actor, 's'));
  return pageById(query, 's.id', 'desc', page, (r): PortalSessionItem => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === actor.sessionId,
  }));
}

/** Ends one of the contact's own sessions; false when it names none of them. */
export async function deleteOwnSession(db: Db, actor: ContactActor, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('sessions as s')
    .where('s.id', '=', id)
    .where(ownSessions(actor, 's'))
    .returning('s.id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The contact's name, address and password hash, for checking and vetting a new password. */
export function loadCredentials(db: Db, actor: ContactActor) {
  return db
    .selectFrom('contacts')
    .select(['name', 'email', 'password_hash'])
    .where('id', '=', actor.id)
    .executeTakeFirst();
}
