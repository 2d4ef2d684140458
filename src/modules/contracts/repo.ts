import type { Selectable } from 'kysely';
import type { ContractsTable } from '../../db/schema.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import { requireDateOrder } from '../assets/org-records.ts';
import type { ContractListQuery, ContractOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

export const toContractOut = (row: Selectable<ContractsTable>): ContractOut => wireRow(row);

/** One page of the contracts the filters (all optional) match. */
export async function listContracts(db: Db, filter: ContractListQuery) {
  let query = db.selectFrom('contracts').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return newestFirstPage(query, filter, toContractOut);
}

export const contractRecord = tableRecord('contracts', 'Contract', toContractOut);

export const requireContractDates = (startsOn: string | null, endsOn: string | null) =>
  requireDateOrder(startsOn, endsOn, 'body.endsOn', 'must not be before startsOn');

export async function hasCharges(db: Db, contractId: string): Promise<boolean> {
  const row = await db
    .selectFrom('charges')
    .select('id')
    .where('contract_id', '=', contractId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
