// Helpers shared by the organization-owned record modules (assets, contracts, charges, quotes,
// invoices, payments). They would sit better in src/http or a shared module; kept here so those
// modules do not each grow their own copy.
import { invalid } from '../../errors.ts';
import { findOrganization } from '../organizations/repo.ts';
import type { Db } from '../../db/database.ts';

/** An organization named in a body: 422 at `path` when there is none. */
export async function requireOrganization(db: Db, id: string, path = 'body.organizationId') {
  const row = await findOrganization(db, id);
  if (!row) throw invalid(path, 'no such organization');
  return row;
}

/** A contact named in a body must exist and belong to the record's organization. */
export async function requireContactOf(
  db: Db,
  contactId: string,
  organizationId: string,
  path = 'body.contactId',
): Promise<void> {
  const row = await db
    .selectFrom('contacts')
    .select('organization_id')
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw invalid(path, 'no such contact');
  if (row.organization_id !== organizationId) throw invalid(path, 'is not a contact of the organization');
}

/** Two 'YYYY-MM-DD' dates (either may be missing): the later one must not come first. */
export function requireDateOrder(first: string | null, last: string | null, path: string, message: string) {
  if (first && last && last < first) throw invalid(path, message);
}
