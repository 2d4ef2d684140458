import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DirectoryConnection } from './directory-bind.ts';

/** The directory's configuration (the single row of directory_settings), password included. */
export async function loadDirectorySettings(db: Kysely<DB> | Transaction<DB>) {
  return db.selectFrom('directory_settings').selectAll().executeTakeFirstOrThrow();
}

export type DirectorySettings = Awaited<ReturnType<typeof loadDirectorySettings>>;

export const connectionOf = (s: DirectorySettings): DirectoryConnection => ({
  url: s.url,
  bindDn: s.bind_dn,
  bindPassword: s.bind_password,
  baseDn: s.base_dn,
  userFilter: s.user_filter,
  emailAttribute: s.email_attribute,
});
