import type { Selectable } from 'kysely';
import type { ContractsTable } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import { requireDateOrder } from '../assets/org-records.ts';
import type { ContractOut, ContractUpdate } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { columnsOf, wireRow } from '../shared/wire-names.ts';

export const toContractOut = (row: Selectable<ContractsTable>): ContractOut => wireRow(row);

export async function listContracts(
  db: Db,
  filter: { organizationId?: string; status?: ContractOut['status'] },
  page: PageQuery,
) {
  let query = db.selectFrom('contracts').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return newestFirstPage(query, page, toContractOut);
}

/** `lock`: inside a write transaction, hold the row until commit so concurrent writes queue. */
export function findContract(db: Db, id: string, lock = false) {
  const query = db.selectFrom('contracts').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export const requireContractDates = (startsOn: string | null, endsOn: string | null) =>
  requireDateOrder(startsOn, endsOn, 'body.endsOn', 'must not be before startsOn');

export const contractColumns = (body: ContractUpdate) => columnsOf(body);

export async function hasCharges(db: Db, contractId: string): Promise<boolean> {
  const row = await db
    .selectFrom('charges')
    .select('id')
    .where('contract_id', '=', contractId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
