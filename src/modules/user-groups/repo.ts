import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage, takenIgnoringCase } from '../shared/case-insensitive.ts';
import type { UserGroupOut } from './schema.ts';
import type { RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import { lockById } from '../shared/lock-by-id.ts';

type MemberOrganization = UserGroupOut['memberOrganizations'][number];

/** A group with its member organizations (named) and explicit member count, in one query. */
function selectGroups(db: Db) {
  return db
    .selectFrom('user_groups as g')
    .selectAll('g')
    .select([
      sql<MemberOrganization[]>`coalesce((
        select json_agg(json_build_object(
          'organizationId', o.id, 'name', o.name, 'includeSubOrganizations', ugo.include_sub_organizations)
          order by lower(o.name), o.id)
        from user_group_organizations ugo join organizations o on o.id = ugo.organization_id
        where ugo.user_group_id = g.id), '[]'::json)`.as('member_organizations'),
      sql<number>`(select count(*)::int from user_group_contacts e where e.user_group_id = g.id)`.as(
        'explicit_member_count',
      ),
    ]);
}

export const toUserGroupOut = (row: RowOf<typeof selectGroups>): UserGroupOut => ({
  id: row.id,
  name: row.name,
  description: row.description,
  always: row.always,
  rule: (row.rule as UserGroupOut['rule']) ?? null,
  memberOrganizations: row.member_organizations,
  explicitMemberCount: row.explicit_member_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listUserGroups(db: Db, filter: { q?: string }, page: PageQuery) {
  let query = selectGroups(db);
  if (filter.q) query = query.where('g.name', 'ilike', `%${escapeLike(filter.q)}%`);
  return alphabeticalPage(
    query,
    { column: 'g.name', id: 'g.id', textOf: (r) => r.name },
    page,
    toUserGroupOut,
  );
}

/** The group as the API shows it, or undefined. */
export async function loadUserGroup(db: Db, id: string): Promise<UserGroupOut | undefined> {
  const row = await selectGroups(db).where('g.id', '=', id).executeTakeFirst();
  return row ? toUserGroupOut(row) : undefined;
}

/** Locks the group's row for the rest of the transaction; false when there is no such group. */
export const lockUserGroup = (trx: Transaction<DB>, id: string) => lockById(trx, 'user_groups', id);

export const userGroupNameTaken = (db: Db, name: string, exceptId?: string) =>
  takenIgnoringCase(db, 'user_groups', 'name', name, exceptId);

/** Index of the first id that names no row of the table, or -1 when all exist. */
export async function firstMissing(
  db: Db,
  table: 'contacts' | 'organizations' | 'user_groups',
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return -1;
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', sql<string>`any(${[...ids]}::uuid[])`)
    .execute();
  const found = new Set(rows.map((r) => r.id));
  return ids.findIndex((id) => !found.has(id));
}

export function findContactBrief(db: Db, id: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'organization_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Modules that list the group among their allowed groups. */
export async function modulesRestrictedTo(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('module_allowed_groups')
    .select('module')
    .where('user_group_id', '=', groupId)
    .orderBy('module')
    .execute();
  return rows.map((r) => r.module);
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
