import type { Transaction } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit } from '../audit/record.ts';
import type { NotificationPreferences } from './schema.ts';

/** Without a row: mail about my own tickets, at once. */
const DEFAULT: NotificationPreferences = { scope: 'mine', delivery: 'immediate' };

export async function notificationPreferences(db: Db, actor: ContactActor): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom('contact_notification_preferences')
    .select(['scope', 'delivery'])
    .where('contact_id', '=', actor.id)
    .executeTakeFirst();
  return row ?? DEFAULT;
}

/**
 * Sets the contact's own preferences (the actor is the session's). Which tickets "visible" covers
 * is decided at send time by the scope, so nothing else is stored. A switch to the daily digest
 * starts its window now: the digest never reports what was already mailed at once.
 */
export async function setNotificationPreferences(
  trx: Transaction<DB>,
  actor: ContactActor,
  body: NotificationPreferences,
  ip: string,
): Promise<NotificationPreferences> {
  const before = await notificationPreferences(trx, actor);
  const now = new Date();
  const digestStart = body.delivery === 'daily' && before.delivery !== 'daily' ? { last_digest_at: now } : {};
  await trx
    .insertInto('contact_notification_preferences')
    .values({ contact_id: actor.id, ...body, ...digestStart, updated_at: now })
    .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...body, ...digestStart, updated_at: now }))
    .execute();
  await recordAudit(
    trx,
    actor,
    { action: 'update', entityType: 'notification_preferences', entityId: actor.id, before, after: body },
    ip,
  );
  return body;
}
