import { sql } from 'kysely';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import type { RowOf } from '../shared/page-by-id.ts';
import type { AccessGrantOut } from './schema.ts';
import type { Db } from '../../db/database.ts';

/** Grants with their contact's and group's names; `expired` is decided by the database clock. */
function selectGrants(db: Db) {
  return db
    .selectFrom('access_grants as ag')
    .innerJoin('contacts as c', 'c.id', 'ag.contact_id')
    .innerJoin('user_groups as g', 'g.id', 'ag.user_group_id')
    .select([
      'ag.id',
      'ag.level',
      'ag.expires_at',
      'ag.created_at',
      'c.id as contact_id',
      'c.name as contact_name',
      'g.id as group_id',
      'g.name as group_name',
      sql<boolean>`(ag.expires_at is not null and ag.expires_at <= now())`.as('expired'),
    ]);
}

export const toAccessGrantOut = (row: RowOf<typeof selectGrants>): AccessGrantOut => ({
  id: row.id,
  contact: { id: row.contact_id, name: row.contact_name },
  userGroup: { id: row.group_id, name: row.group_name },
  level: row.level,
  expiresAt: row.expires_at,
  expired: row.expired,
  createdAt: row.created_at,
});

export async function listAccessGrants(
  db: Db,
  filter: { contactId?: string; userGroupId?: string },
  page: PageQuery,
) {
  let query = selectGrants(db);
  if (filter.contactId) query = query.where('ag.contact_id', '=', filter.contactId);
  if (filter.userGroupId) query = query.where('ag.user_group_id', '=', filter.userGroupId);
  return newestFirstPage(query, page, toAccessGrantOut, { column: 'ag.id', unchecked: true });
}

export async function loadAccessGrant(db: Db, id: string): Promise<AccessGrantOut | undefined> {
  const row = await selectGrants(db).where('ag.id', '=', id).executeTakeFirst();
  return row ? toAccessGrantOut(row) : undefined;
}

export async function exists(db: Db, table: 'contacts' | 'user_groups', id: string): Promise<boolean> {
  const row = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
