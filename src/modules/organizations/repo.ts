import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, OrganizationsTable } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage } from '../shared/case-insensitive.ts';
import type { OrganizationOut } from './schema.ts';
import { escapeLike } from '../../db/sql-text.ts';

export const toOrganizationOut = (row: Selectable<OrganizationsTable>): OrganizationOut => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  mailDomain: row.mail_domain,
  currency: row.currency,
  defaultTeamId: row.default_team_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listOrganizations(
  db: Kysely<DB>,
  filter: { q?: string; parentId?: string; roots?: boolean },
  page: PageQuery,
) {
  let query = db.selectFrom('organizations').selectAll();
  if (filter.q) query = query.where('name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.parentId) query = query.where('parent_id', '=', filter.parentId);
  if (filter.roots) query = query.where('parent_id', 'is', null);
  return alphabeticalPage(query, { column: 'name', textOf: (r) => r.name }, page, toOrganizationOut);
}

export function findOrganization(db: Kysely<DB> | Transaction<DB>, id: string) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** True when `candidate` is `id` itself or lies below it: making it the parent would close a cycle. */
export async function isInSubtree(trx: Transaction<DB>, id: string, candidate: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`
    with recursive subtree(id) as (
      select ${id}::uuid
      union
      select o.id from organizations o join subtree s on o.parent_id = s.id
    )
    select exists (select 1 from subtree where id = ${candidate}::uuid) as found`.execute(trx);
  return row.rows[0]?.found ?? false;
}

/** Tree moves take this lock so two concurrent moves cannot build a cycle between them. */
export async function lockOrganizationTree(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7276402)`.execute(trx);
}
