import { sql, type Kysely, type Selectable } from 'kysely';
import type { ContactsTable, DB } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage, takenIgnoringCase } from '../shared/case-insensitive.ts';
import { escapeLike } from '../../db/sql-text.ts';
import { wireRow } from '../shared/wire-names.ts';
import type { ContactOut } from './schema.ts';

/** The password itself never leaves: only whether there is one. */
export const toContactOut = ({ password_hash, ...row }: Selectable<ContactsTable>): ContactOut => ({
  ...wireRow(row),
  hasPassword: password_hash !== null,
});

export type ContactFilter = {
  q?: string;
  organizationId?: string;
  privilegeGroupId?: string;
  disabled?: boolean;
};

export async function listContacts(db: Kysely<DB>, filter: ContactFilter, page: PageQuery) {
  let query = db.selectFrom('contacts').selectAll();
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.privilegeGroupId) query = query.where('privilege_group_id', '=', filter.privilegeGroupId);
  if (filter.disabled !== undefined) query = query.where('disabled', '=', filter.disabled);
  return alphabeticalPage(query, { column: 'name', textOf: (r) => r.name }, page, toContactOut);
}

export function findContact(db: Kysely<DB>, id: string) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The contact and what its privilege group lets it do, for the invitation checks. */
export function findContactWithGroup(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.disabled',
      'privilege_groups.name as groupName',
      sql<boolean>`'portal.login' = any(privilege_groups.privileges)`.as('canLogIn'),
    ])
    .where('contacts.id', '=', id)
    .executeTakeFirst();
}

/** True when another contact already uses this address (case-insensitively). */
export const contactEmailTaken = (db: Kysely<DB>, email: string, exceptId?: string) =>
  takenIgnoringCase(db, 'contacts', 'email', email, exceptId);

export async function privilegeGroupExists(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('privilege_groups').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The group new contacts get (exactly one group is default). */
export async function defaultPrivilegeGroupId(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db
    .selectFrom('privilege_groups')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();
  return row?.id;
}

export async function contactHasTickets(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('tickets').select('id').where('requester_id', '=', id).executeTakeFirst();
  return row !== undefined;
}
