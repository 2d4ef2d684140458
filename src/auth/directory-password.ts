import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { bindAsPerson } from './directory-bind.ts';
import { connectionOf, loadDirectorySettings } from './directory-settings.ts';

/**
 * A directory-managed contact's password, checked by binding as its entry: true or false, or null
 * while the directory is switched off (then its local password, if any, counts). For the sign-in
 * and for step-up alike, so the directory password is the one password such a contact has.
 */
export async function checkDirectoryPassword(
  app: Pick<FastifyInstance, 'db' | 'log'>,
  email: string,
  password: string,
): Promise<boolean | null> {
  const settings = await loadDirectorySettings(app.db);
  if (!settings.enabled) return null;
  const result = await bindAsPerson(connectionOf(settings), email, password);
  if (result === 'unreachable') app.log.warn('directory unreachable for a password check');
  return result === 'ok';
}

/** Whether the directory, switched on, holds this contact's password (a local one does not count). */
export async function directoryHoldsPassword(db: Kysely<DB>, contactId: string): Promise<boolean> {
  const [settings, account] = await Promise.all([
    loadDirectorySettings(db),
    db
      .selectFrom('directory_accounts')
      .select('contact_id')
      .where('contact_id', '=', contactId)
      .executeTakeFirst(),
  ]);
  return settings.enabled && account !== undefined;
}
