import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB, PrivilegeGroupsTable } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage, takenIgnoringCase } from '../shared/case-insensitive.ts';
import type { PrivilegeGroupOut } from './schema.ts';
import { wireRow } from '../shared/wire-names.ts';
import type { Db } from '../../db/database.ts';

export type PrivilegeGroupRow = Selectable<PrivilegeGroupsTable>;

export const toPrivilegeGroupOut = (row: PrivilegeGroupRow): PrivilegeGroupOut => ({
  ...wireRow(row),
  locked: row.system_key !== null,
  privileges: [...row.privileges].sort(),
});

export async function listPrivilegeGroups(db: Db, page: PageQuery) {
  const query = db.selectFrom('privilege_groups').selectAll();
  return alphabeticalPage(query, { column: 'name', textOf: (r) => r.name }, page, toPrivilegeGroupOut);
}

/** One group; `forUpdate` locks its row until the transaction ends. */
export function findPrivilegeGroup(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.selectFrom('privilege_groups').selectAll().where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Is the name used by another group (names are unique case-insensitively)? */
export const privilegeGroupNameTaken = (db: Db, name: string, exceptId?: string) =>
  takenIgnoringCase(db, 'privilege_groups', 'name', name, exceptId);

export async function privilegeGroupInUse(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('privilege_group_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** "Copy of X", then "Copy of X (2)", "Copy of X (3)", ... until the name is free. */
export async function freeCopyName(db: Db, sourceName: string): Promise<string> {
  const base = `Copy of ${sourceName}`;
  const taken = await db
    .selectFrom('privilege_groups')
    .select(sql<string>`lower(name)`.as('name'))
    .where(sql`lower(name)`, 'like', `${escapeLike(base.toLowerCase())}%`)
    .execute();
  const names = new Set(taken.map((r) => r.name));
  if (!names.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}

/** Serialises changes of the default group, so two concurrent switches cannot both win. */
export async function lockDefaultGroup(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7276403)`.execute(trx);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
