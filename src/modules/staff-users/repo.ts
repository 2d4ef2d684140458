import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, StaffUsersTable } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage, takenIgnoringCase } from '../shared/case-insensitive.ts';
import { escapeLike } from '../../db/sql-text.ts';
import { wireRow } from '../shared/wire-names.ts';
import type { StaffUserOut } from './schema.ts';

/** The password itself never leaves: only whether there is one. */
export const toStaffUserOut = ({ password_hash, ...row }: Selectable<StaffUsersTable>): StaffUserOut => ({
  ...wireRow(row),
  hasPassword: password_hash !== null,
});

/** Ordered by e-mail: the unique index on lower(email) serves both the order and the cursor. */
export async function listStaffUsers(
  db: Kysely<DB>,
  filter: { q?: string; role?: 'admin' | 'agent'; disabled?: boolean },
  page: PageQuery,
) {
  let query = db.selectFrom('staff_users').selectAll();
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.disabled !== undefined) query = query.where('disabled', '=', filter.disabled);
  return alphabeticalPage(query, { column: 'email', textOf: (r) => r.email }, page, toStaffUserOut);
}

export function findStaffUser(db: Kysely<DB>, id: string) {
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export const staffEmailTaken = (db: Kysely<DB>, email: string, exceptId?: string) =>
  takenIgnoringCase(db, 'staff_users', 'email', email, exceptId);

/**
 * Serializes changes that could remove an administrator, so two concurrent demotions cannot
 * each see the other admin and together leave none.
 */
export async function lockAdministrators(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7276403)`.execute(trx);
}

export async function anotherEnabledAdminExists(trx: Transaction<DB>, exceptId: string) {
  const row = await trx
    .selectFrom('staff_users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export const isEnabledAdmin = (row: Selectable<StaffUsersTable>) => row.role === 'admin' && !row.disabled;
